package io.autoservice.bench.sim;

import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Builds simulated agents' channels: each agent its own channel, so its own TCP connection and TLS
 * session with its own client certificate, as on a real fleet. All share one event loop group and
 * run callbacks on the transport thread (directExecutor), so 10,000 agents cost two threads, not
 * 10,000; the agents' handlers never block. Keepalive as the real agent (30 s / 10 s).
 */
final class SimChannels {
  private static final int MAX_INBOUND_MESSAGE_BYTES = 8 * 1024 * 1024;

  private static final java.util.Map<String, SharedServerTrust> TRUST =
      new java.util.concurrent.ConcurrentHashMap<>();

  private SimChannels() {}

  static ManagedChannel mtls(String host, int port, Identity id, EventLoopGroup group) {
    ChannelCredentials creds;
    try {
      creds =
          TlsChannelCredentials.newBuilder()
              .keyManager(stream(id.certificatePem()), stream(id.privateKeyPem()))
              .trustManager(TRUST.computeIfAbsent(id.caPem(), SharedServerTrust::forCaPem))
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException("identity of " + id.agentId() + " is unusable", e);
    }
    return NettyChannelBuilder.forAddress(host, port, creds)
        .eventLoopGroup(group)
        .channelType(NioSocketChannel.class)
        .directExecutor()
        .userAgent("autoservice-bench-agent")
        .keepAliveTime(30, TimeUnit.SECONDS)
        .keepAliveTimeout(10, TimeUnit.SECONDS)
        .keepAliveWithoutCalls(false)
        .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
        .build();
  }

  private static ByteArrayInputStream stream(String pem) {
    return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
