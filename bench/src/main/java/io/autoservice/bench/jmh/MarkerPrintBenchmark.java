package io.autoservice.bench.jmh;

import io.autoservice.common.event.RunEvent;
import io.autoservice.common.protocol.ClassicProtocolPrinter;
import io.autoservice.common.protocol.MarkerDialect;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The classic stderr protocol as local mode and the controller's execution.log write it: one run's
 * 23 events through ClassicProtocolPrinter, in both dialects, into a discarding stream (so the
 * formatting and flushing is measured, not a terminal).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MarkerPrintBenchmark {
  @Param({"SEED", "AUTOSERVICE"})
  public MarkerDialect dialect;

  private RunEvents run;
  private PrintStream sink;

  @Setup
  public void setUp() {
    run = new RunEvents();
    sink = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
  }

  @Benchmark
  public void printRun() {
    ClassicProtocolPrinter p = new ClassicProtocolPrinter(sink, dialect);
    for (RunEvent e : run.domain) {
      p.accept(e);
    }
  }
}
