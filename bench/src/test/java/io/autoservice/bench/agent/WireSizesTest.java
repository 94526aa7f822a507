package io.autoservice.bench.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WireSizesTest {
  @Test
  void shouldAddTheGrpcHttp2AndTlsFramingToTheMessage() {
    WireSizes.Heartbeat h = WireSizes.of(17);

    assertThat(h.grpcFramed()).isEqualTo(17 + 5);
    assertThat(h.http2Framed()).isEqualTo(17 + 5 + 9);
    assertThat(h.tlsRecord()).isEqualTo(17 + 5 + 9 + 22);
  }

  @Test
  void shouldCountTheIdleHeartbeatTheAgentSends() {
    // field 2 (heartbeat) tag + length, sent_at tag + length, seconds (varint of a 2026 epoch: 5
    // bytes) with its tag, nanos (varint of 999,999,999: 5 bytes) with its tag.
    WireSizes.Heartbeat h =
        WireSizes.idleHeartbeat(Instant.ofEpochSecond(1_796_601_600L, 999_999_999));

    assertThat(h.message()).isEqualTo(2 + 2 + 6 + 6);
    assertThat(h.tlsRecord()).isLessThan(200);
  }
}
