package io.autoservice.agent.tasks.iperf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.autoservice.agent.tasks.iperf.IperfOutput.Format;
import io.autoservice.agent.tasks.iperf.IperfOutput.Interval;
import io.autoservice.agent.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class IperfOutputParserTest {

  private static IperfOutput parse(String fixture) throws Exception {
    return IperfOutputParser.parse(
        Files.readString(Fixtures.toolOutput("iperf3", fixture), StandardCharsets.UTF_8));
  }

  @Test
  void shouldReadTheTcpReportOfIperf39() throws Exception {
    IperfOutput o = parse("tcp-client-10s-iperf3.9-linux.json");

    assertThat(o.format()).isEqualTo(Format.JSON);
    assertThat(o.error()).isNull();
    assertThat(o.protocol()).isEqualTo("tcp");
    assertThat(o.senderBps()).isEqualTo(464521026.08410436);
    assertThat(o.receiverBps()).isEqualTo(464786288.60018361);
    assertThat(o.retransmits()).isZero();
    assertThat(o.jitterMs()).isNull();
    assertThat(o.lossPercent()).isNull();
    assertThat(o.cpu().get("host_total").asDouble()).isEqualTo(3.31256041080206);
    assertThat(o.intervals()).hasSize(13);
    assertThat(o.intervals().stream().filter(i -> Boolean.TRUE.equals(i.omitted()))).hasSize(3);
    Interval first = o.intervals().get(0);
    assertThat(first.bitsPerSecond()).isEqualTo(207104227.06437239);
    assertThat(first.bytes()).isEqualTo(25892352L);
    assertThat(first.sender()).isTrue();
    assertThat(o.intervals().get(12).bitsPerSecond()).isEqualTo(471885160.80323583);
  }

  @Test
  void shouldReadTheErrorOfAControlSocketThatClosed() throws Exception {
    IperfOutput o = parse("error-control-socket-closed-iperf3.6.json");

    assertThat(o.format()).isEqualTo(Format.JSON);
    assertThat(o.error()).isEqualTo("error - control socket has closed unexpectedly");
    assertThat(o.intervals()).isEmpty();
    assertThat(o.hasThroughput()).isFalse();
    assertThat(o.cpu()).isNull();
  }

  @Test
  void shouldReadTheErrorOfAnUnreachableServerFromIperf3011() throws Exception {
    IperfOutput o = parse("error-no-route-to-host-iperf3.0.11.json");

    assertThat(o.error()).isEqualTo("error - unable to connect to server: No route to host");
    assertThat(o.protocol()).isNull();
    assertThat(o.hasThroughput()).isFalse();
  }

  @Test
  void shouldRecoverTheReportOfARunStoppedWithCtrlC() throws Exception {
    IperfOutput o = parse("interrupted-ctrl-c-prefix-invalid-json.txt");

    assertThat(o.format()).isEqualTo(Format.RECOVERED_JSON);
    assertThat(o.error()).isEqualTo("interrupt - the client has terminated");
    assertThat(o.senderBps()).isEqualTo(160287232.32821622);
    assertThat(o.receiverBps()).isZero();
    assertThat(o.intervals()).hasSize(11);
    assertThat(o.intervals().get(10).bitsPerSecond()).isZero();
    assertThat(o.intervals().get(1).bitsPerSecond()).isEqualTo(176601450.00805521);
  }

  @Test
  void shouldReadTheErrorEventOfAJsonStream() throws Exception {
    IperfOutput o = parse("json-stream-error-server-busy.txt");

    assertThat(o.format()).isEqualTo(Format.JSON_STREAM);
    assertThat(o.error()).isEqualTo("the server is busy running a test. try again later");
    assertThat(o.hasThroughput()).isFalse();
  }

  @Test
  void shouldReadTheTextErrorOfIperf317() throws Exception {
    IperfOutput o = parse("text-error-connection-refused-iperf3.17.txt");

    assertThat(o.format()).isEqualTo(Format.TEXT);
    assertThat(o.data()).isNull();
    assertThat(o.error())
        .isEqualTo(
            "unable to connect to server - server may have stopped running or use a different port, "
                + "firewall issue, etc.: Connection refused");
  }

  @Test
  void shouldReadALocalLoopbackTcpRun() throws Exception {
    IperfOutput o = parse("synthetic-local-tcp-2s-loopback-iperf3.12.json");

    assertThat(o.format()).isEqualTo(Format.JSON);
    assertThat(o.error()).isNull();
    assertThat(o.senderBps()).isEqualTo(13040740368.107956);
    assertThat(o.receiverBps()).isEqualTo(12954420150.32162);
    assertThat(o.retransmits()).isEqualTo(3L);
    assertThat(o.intervals())
        .extracting(Interval::bitsPerSecond)
        .containsExactly(14631506909.825994, 11454500809.423706);
  }

  @Test
  void shouldMarkTheWarmUpIntervalsOfAnOmitRun() throws Exception {
    IperfOutput o = parse("synthetic-local-tcp-3s-omit1-loopback-iperf3.12.json");

    assertThat(o.intervals())
        .extracting(Interval::omitted)
        .containsExactly(true, false, false, false);
    assertThat(o.retransmits()).isEqualTo(8L);
  }

  @Test
  void shouldReadAReverseRunWithTwoStreams() throws Exception {
    IperfOutput o = parse("synthetic-local-tcp-reverse-P2-loopback-iperf3.12.json");

    assertThat(o.intervals()).hasSize(2).allMatch(i -> Boolean.FALSE.equals(i.sender()));
    assertThat(o.receiverBps()).isEqualTo(13186242218.698923);
    assertThat(o.retransmits()).isEqualTo(1L);
  }

  @Test
  void shouldReadUdpJitterAndLossFromTheReceiverSide() throws Exception {
    IperfOutput clean = parse("synthetic-local-udp-2s-50M-loopback-iperf3.12.json");
    IperfOutput lossy = parse("synthetic-local-udp-unlimited-loss-loopback-iperf3.12.json");

    assertThat(clean.protocol()).isEqualTo("udp");
    assertThat(clean.jitterMs()).isEqualTo(0.004786981866141148);
    assertThat(clean.lossPercent()).isZero();
    assertThat(clean.retransmits()).isNull();
    assertThat(lossy.lossPercent()).isCloseTo(1.6648, within(1e-4));
    assertThat(lossy.jitterMs()).isEqualTo(0.003680072190373263);
  }

  @Test
  void shouldReadTheErrorsOfIperf312() throws Exception {
    assertThat(parse("synthetic-local-error-connection-refused-iperf3.12.json").error())
        .isEqualTo("unable to connect to server: Connection refused");
    assertThat(parse("synthetic-local-error-name-not-known-iperf3.12.json").error())
        .isEqualTo("unable to connect to server: Name or service not known");
    assertThat(parse("synthetic-local-text-error-connection-refused-iperf3.12.txt").error())
        .isEqualTo("unable to connect to server: Connection refused");
  }

  @Test
  void shouldAssembleAJsonStreamIntoTheUsualReport() throws Exception {
    IperfOutput o = parse("synthetic-reconstructed-json-stream-tcp-2s.txt");

    assertThat(o.format()).isEqualTo(Format.JSON_STREAM);
    assertThat(o.error()).isNull();
    assertThat(o.protocol()).isEqualTo("tcp");
    assertThat(o.senderBps()).isEqualTo(13040740368.107956);
    assertThat(o.intervals()).hasSize(2);
  }

  @Test
  void shouldFindNothingButKeepCalmInAReportCutOff() throws Exception {
    IperfOutput o = parse("synthetic-reconstructed-cut-off-killed.txt");

    assertThat(o.format()).isEqualTo(Format.TEXT);
    assertThat(o.data()).isNull();
    assertThat(o.error()).isNull();
    assertThat(o.intervals()).isEmpty();
  }

  @Test
  void shouldFindTheErrorMemberOfAReportCutOffAfterIt() {
    String cut =
        "{\n\t\"start\": {},\n\t\"intervals\": [],\n\t\"error\": \"interrupt - the client has terminated\",\n\t\"end\": {\"sum";

    assertThat(IperfOutputParser.parse(cut).error())
        .isEqualTo("interrupt - the client has terminated");
  }

  @Test
  void shouldReadBareNanValuesSomeBuildsPrint() {
    String text =
        "{\"start\":{},\"intervals\":[],\"end\":{\"sum_sent\":{\"bits_per_second\":1000},"
            + "\"cpu_utilization_percent\":{\"host_total\": -nan}}}";

    IperfOutput o = IperfOutputParser.parse(text);

    assertThat(o.format()).isEqualTo(Format.JSON);
    assertThat(o.senderBps()).isEqualTo(1000.0);
  }

  @Test
  void shouldNeverThrow() {
    for (String s :
        List.of(
            "",
            " ",
            "{",
            "}",
            "{\"end\": 5}",
            "[1,2]",
            "{\"intervals\": [{\"sum\": 3}]}",
            "{\"event\": \"error\"}",
            "\u0000\u0001",
            "{".repeat(50_000),
            "iperf3: error -")) {
      assertThat(IperfOutputParser.parse(s))
          .as(s.length() > 40 ? s.substring(0, 40) : s)
          .isNotNull();
    }
    assertThat(IperfOutputParser.parse(null).format()).isEqualTo(Format.EMPTY);
  }
}
