package io.autoservice.bench.jmh;

import com.google.protobuf.InvalidProtocolBufferException;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.wire.WireMapper;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The event path both sides run for every event: the agent maps domain -> proto and serialises
 * (WireMapper.toProto + toByteArray); the controller parses and maps back (parseFrom +
 * WireMapper.fromProto). Per whole run (23 events, one of them a ~12 KB report) and per small
 * progress event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventCodecBenchmark {
  private RunEvents run;
  private RunEvent progress;
  private byte[] progressBytes;

  @Setup
  public void setUp() {
    run = new RunEvents();
    progress = run.domain.get(2); // TaskProgress of the first task
    progressBytes = run.bytes.get(2);
  }

  @Benchmark
  public void encodeRun(Blackhole bh) {
    for (RunEvent e : run.domain) {
      bh.consume(WireMapper.toProto(e).toByteArray());
    }
  }

  @Benchmark
  public void decodeRun(Blackhole bh) throws InvalidProtocolBufferException {
    for (byte[] b : run.bytes) {
      bh.consume(WireMapper.fromProto(io.autoservice.proto.v1.RunEvent.parseFrom(b)));
    }
  }

  @Benchmark
  public byte[] encodeProgressEvent() {
    return WireMapper.toProto(progress).toByteArray();
  }

  @Benchmark
  public RunEvent decodeProgressEvent() throws InvalidProtocolBufferException {
    return WireMapper.fromProto(io.autoservice.proto.v1.RunEvent.parseFrom(progressBytes));
  }
}
