package io.autoservice.bench;

import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code micro}: the JMH micro-benchmarks of the hot paths (event encode/decode through common's
 * WireMapper, classic marker printing). Their classes are compiled into this jar by JMH's
 * annotation processor; the batched store append is not here because the store lives in the
 * controller, which the bench must not depend on.
 */
@Command(
    name = "micro",
    mixinStandardHelpOptions = true,
    description = "Runs the JMH micro-benchmarks (event codec, marker printing).")
final class MicroCommand implements Callable<Integer> {
  @Option(
      names = "--include",
      defaultValue = "io.autoservice.bench.jmh.*",
      description = "Benchmark name regex. Default: ${DEFAULT-VALUE}.")
  String include;

  @Option(
      names = "--quick",
      description =
          "1 warm-up and 2 measurement iterations of 1 s (a smoke check, not a measurement).")
  boolean quick;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write JMH's JSON result here.")
  String json;

  @Override
  public Integer call() throws RunnerException {
    ChainedOptionsBuilder b = new OptionsBuilder().include(include);
    if (quick) {
      b.warmupIterations(1)
          .measurementIterations(2)
          .warmupTime(TimeValue.seconds(1))
          .measurementTime(TimeValue.seconds(1));
    }
    if (json != null) {
      b.resultFormat(org.openjdk.jmh.results.format.ResultFormatType.JSON).result(json);
    }
    new Runner(b.build()).run();
    return 0;
  }
}
