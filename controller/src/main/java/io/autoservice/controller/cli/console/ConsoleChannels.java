package io.autoservice.controller.cli.console;

import io.autoservice.controller.server.HostPort;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Builds the console's channel to the controller: the one place that knows about transport
 * security. Today it speaks plaintext; the bearer token rides on every call as {@link BearerToken}
 * call credentials (set by {@link ConsoleClient}), which work on plaintext and TLS channels alike,
 * so TLS can be added here and nothing else changes.
 *
 * <p>Keepalive: a watch has no deadline, so a dead connection under it is found by HTTP/2 pings,
 * one after {@link #KEEPALIVE_TIME} without traffic (the controller permits one every 20 s), and
 * dropped when no answer comes within {@link #KEEPALIVE_TIMEOUT}.
 */
final class ConsoleChannels {
  static final Duration KEEPALIVE_TIME = Duration.ofSeconds(30);
  static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(10);

  /** Largest answer accepted: a report of a long plan is far smaller. */
  static final int MAX_INBOUND_MESSAGE_BYTES = 16 * 1024 * 1024;

  private ConsoleChannels() {}

  /** A plaintext channel to the controller. */
  static ManagedChannel plaintext(HostPort target) {
    return NettyChannelBuilder.forAddress(target.host(), target.port())
        .usePlaintext()
        .userAgent("autoservice-console")
        .keepAliveTime(KEEPALIVE_TIME.toSeconds(), TimeUnit.SECONDS)
        .keepAliveTimeout(KEEPALIVE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .keepAliveWithoutCalls(false)
        .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
        .build();
  }
}
