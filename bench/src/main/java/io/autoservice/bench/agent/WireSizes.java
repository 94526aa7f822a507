package io.autoservice.bench.agent;

import com.google.protobuf.Timestamp;
import io.autoservice.proto.v1.AgentMessage;
import java.time.Instant;

/**
 * What one idle heartbeat costs on the wire, counted from the message the agent sends
 * (FleetMessages.heartbeat in the agent: sent_at with nanoseconds, no current run).
 */
final class WireSizes {
  /** gRPC length-prefixed message: 1 byte compressed flag + 4 bytes length. */
  static final int GRPC_PREFIX = 5;

  /** HTTP/2 frame header (RFC 9113 §4.1). */
  static final int HTTP2_FRAME_HEADER = 9;

  /**
   * TLS 1.3 record (RFC 8446 §5.2): 5-byte header, 1-byte inner content type, 16-byte AEAD tag
   * (AES-GCM and ChaCha20-Poly1305 alike), when the DATA frame travels in a record of its own.
   */
  static final int TLS13_RECORD = 5 + 1 + 16;

  record Heartbeat(int message, int grpcFramed, int http2Framed, int tlsRecord) {}

  private WireSizes() {}

  static Heartbeat idleHeartbeat(Instant now) {
    AgentMessage m =
        AgentMessage.newBuilder()
            .setHeartbeat(
                io.autoservice.proto.v1.Heartbeat.newBuilder()
                    .setSentAt(
                        Timestamp.newBuilder()
                            .setSeconds(now.getEpochSecond())
                            .setNanos(now.getNano())))
            .build();
    return of(m.getSerializedSize());
  }

  static Heartbeat of(int messageBytes) {
    int grpc = messageBytes + GRPC_PREFIX;
    int http2 = grpc + HTTP2_FRAME_HEADER;
    return new Heartbeat(messageBytes, grpc, http2, http2 + TLS13_RECORD);
  }
}
