package io.autoservice.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireMapperTest {

  private static ObjectNode json(String text) throws Exception {
    return (ObjectNode) Json.parse(text);
  }

  @Test
  void shouldCarryAPlanOverTheWireUnchanged() throws Exception {
    Plan plan =
        PlanParser.parse(
            "{\"tasks\":[{\"id\":\"a\",\"type\":\"ping_test\",\"host\":\"127.0.0.1\",\"count\":4,"
                + "\"params\":{\"timeout_ms\":1500.5,\"flags\":[true,null,\"x\"],\"nested\":{\"k\":-3}}},"
                + "{\"type\":\"sfc_scan\"}],\"metadata\":{\"technician_name\":\"Zoë\"}}");

    byte[] wire = WireMapper.toProto(plan).toByteArray();
    Plan back = WireMapper.fromProto(io.autoservice.proto.v1.Plan.parseFrom(wire));

    assertThat(back.tasks()).hasSameSizeAs(plan.tasks());
    for (int i = 0; i < plan.tasks().size(); i++) {
      assertThat(back.tasks().get(i).id()).isEqualTo(plan.tasks().get(i).id());
      assertThat(back.tasks().get(i).type()).isEqualTo(plan.tasks().get(i).type());
      assertSameJson(back.tasks().get(i).params(), plan.tasks().get(i).params());
    }
    assertSameJson(back.metadata(), plan.metadata());
    assertThat(back.tasks().get(0).params().get("count").isIntegralNumber())
        .as("a whole number stays an integer")
        .isTrue();
    assertThat(back.tasks().get(1).id()).isNull();
  }

  @Test
  void shouldCarryAReportAndItsResultsUnchanged() throws Exception {
    TaskResult ok =
        new TaskResult(
            "ping_test",
            "wan",
            TaskStatus.WARNING,
            json(
                "{\"human_readable\":{\"verdict\":\"fair\",\"notes\":[\"loss 25.0%\"]},"
                    + "\"results\":{\"packets\":{\"sent\":4,\"received\":3,\"loss_percent\":25.0},\"host\":\"127.0.0.1\"}}"),
            3.25,
            json("{\"command\":[\"ping\",\"-c\",\"4\",\"127.0.0.1\"]}"));
    TaskResult skipped =
        TaskResult.ofReason("sfc_scan", null, TaskStatus.SKIPPED, "requires Windows", 0.001);
    RunReport report =
        new RunReport(
            "run-1",
            RunStatus.COMPLETED_WITH_ERRORS,
            List.of(ok, skipped),
            12.5,
            Instant.parse("2026-11-26T10:15:30.123456789Z"),
            json("{\"hostname\":\"PC-1\"}"),
            null);

    RunReport back =
        WireMapper.fromProto(
            io.autoservice.proto.v1.RunReport.parseFrom(WireMapper.toProto(report).toByteArray()));

    assertThat(back.runId()).isEqualTo(report.runId());
    assertThat(back.status()).isEqualTo(report.status());
    assertThat(back.runTimestamp()).isEqualTo(report.runTimestamp());
    assertThat(back.totalDurationSeconds()).isEqualTo(report.totalDurationSeconds());
    assertSameJson(back.metadata(), report.metadata());
    assertThat(back.error()).isNull();
    for (int i = 0; i < report.tasks().size(); i++) {
      TaskResult a = back.tasks().get(i);
      TaskResult b = report.tasks().get(i);
      assertThat(List.of(a.taskType(), String.valueOf(a.taskId()), a.status(), a.durationSeconds()))
          .isEqualTo(
              List.of(b.taskType(), String.valueOf(b.taskId()), b.status(), b.durationSeconds()));
      assertSameJson(a.summary(), b.summary());
      assertSameJson(a.extra(), b.extra());
    }
  }

  /** Equal as JSON: numbers by value (Struct carries every number as a double). */
  static void assertSameJson(JsonNode actual, JsonNode expected) {
    Comparator<JsonNode> byValue =
        (x, y) -> {
          if (x.isNumber() && y.isNumber()) {
            return Double.compare(x.doubleValue(), y.doubleValue());
          }
          return x.equals(y) ? 0 : 1;
        };
    assertThat(actual.equals(byValue, expected)).as("%s vs %s", actual, expected).isTrue();
  }

  @Test
  void shouldMapEveryEventKind() throws Exception {
    TaskResult r = TaskResult.ofReason("hello_service", null, TaskStatus.ERROR, "boom", 1);
    RunReport report =
        new RunReport(
            "r", RunStatus.CANCELLED, List.of(r), 1, Instant.EPOCH, Json.object(), "stopped");
    List<EventPayload> payloads =
        List.of(
            new EventPayload.RunStarted(List.of("hello_service", "sfc_scan")),
            new EventPayload.TaskStarted(0, "hello_service", "greet"),
            new EventPayload.TaskStarted(1, "sfc_scan", null),
            new EventPayload.TaskProgress(1, 42.5, "Verification 42% complete."),
            new EventPayload.TaskProgress(1, -1, ""),
            new EventPayload.TaskOutput(1, EventPayload.OutputSource.STDOUT, "line"),
            new EventPayload.TaskOutput(1, EventPayload.OutputSource.STDERR, "err"),
            new EventPayload.TaskOutput(1, EventPayload.OutputSource.LOG, "log"),
            new EventPayload.TaskFinished(0, r),
            new EventPayload.RunFinished(report));
    long seq = 1;
    for (EventPayload p : payloads) {
      RunEvent e = new RunEvent("r", seq++, Instant.ofEpochSecond(1_700_000_000L, 5), p);

      RunEvent back =
          WireMapper.fromProto(
              io.autoservice.proto.v1.RunEvent.parseFrom(WireMapper.toProto(e).toByteArray()));

      assertThat(back.runId()).isEqualTo(e.runId());
      assertThat(back.sequence()).isEqualTo(e.sequence());
      assertThat(back.time()).isEqualTo(e.time());
      assertThat(back.payload().getClass()).isEqualTo(p.getClass());
      if (p instanceof EventPayload.TaskFinished f) {
        assertSameJson(
            ((EventPayload.TaskFinished) back.payload()).result().summary(), f.result().summary());
      } else if (p instanceof EventPayload.RunFinished f) {
        RunReport b = ((EventPayload.RunFinished) back.payload()).report();
        assertThat(b.status()).isEqualTo(f.report().status());
        assertThat(b.error()).isEqualTo("stopped");
        assertThat(b.tasks()).hasSize(1);
      } else {
        assertThat(back.payload()).as(p.getClass().getSimpleName()).isEqualTo(p);
      }
    }
  }

  @Test
  void shouldRefuseAnEventWithoutAPayloadNamingTheRun() {
    io.autoservice.proto.v1.RunEvent empty =
        io.autoservice.proto.v1.RunEvent.newBuilder().setRunId("run-9").setSequence(4).build();

    assertThatThrownBy(() -> WireMapper.fromProto(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("run-9")
        .hasMessageContaining("sequence 4");
  }

  @Test
  void shouldNeverReadAnUnknownStatusAsSuccess() throws InvalidProtocolBufferException {
    io.autoservice.proto.v1.TaskResult fromNewerPeer =
        io.autoservice.proto.v1.TaskResult.newBuilder().setTaskType("x").setStatusValue(99).build();

    assertThat(WireMapper.fromProto(fromNewerPeer).status()).isEqualTo(TaskStatus.ERROR);
  }

  @Test
  void shouldKeepJsonValuesThroughStruct() throws Exception {
    ObjectNode original =
        json(
            "{\"i\":9007199254740992,\"f\":0.1,\"neg\":-7,\"s\":\"ü\\n\",\"b\":false,\"n\":null,"
                + "\"l\":[1,[2,{\"x\":3}]],\"o\":{}}");

    JsonNode back = StructMapper.toJson(StructMapper.toStruct(original));

    assertSameJson(back, original);
    assertThat(back.get("i").isIntegralNumber()).isTrue();
    assertThat(back.get("f").asDouble()).isEqualTo(0.1);
  }
}
