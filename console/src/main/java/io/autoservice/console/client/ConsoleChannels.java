package io.autoservice.console.client;

import io.autoservice.common.net.HostPort;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Builds the console's channel to the controller: the one place that knows about transport
 * security: TLS verified against the controller's CA, or plaintext for an {@code --insecure}
 * controller. The bearer token rides on every call as {@link BearerToken} call credentials (set by
 * {@link ConsoleClient}).
 *
 * <p>Keepalive: a watch has no deadline, so a dead connection under it is found by HTTP/2 pings,
 * one after {@link #KEEPALIVE_TIME} without traffic (the controller permits one every 20 s), and
 * dropped when no answer comes within {@link #KEEPALIVE_TIMEOUT}.
 */
public final class ConsoleChannels {
  static final Duration KEEPALIVE_TIME = Duration.ofSeconds(30);
  static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(10);

  /** Largest answer accepted: a report of a long plan is far smaller. */
  static final int MAX_INBOUND_MESSAGE_BYTES = 16 * 1024 * 1024;

  private ConsoleChannels() {}

  /** A plaintext channel to a controller started with {@code --insecure}. */
  static ManagedChannel plaintext(HostPort target) {
    return configure(NettyChannelBuilder.forAddress(target.host(), target.port()).usePlaintext());
  }

  /**
   * A TLS channel that trusts only the controller's CA ({@code caFile}) and checks that the
   * controller's certificate names the host dialled.
   */
  static ManagedChannel tls(HostPort target, Path caFile) throws UsageException {
    ChannelCredentials creds;
    try {
      creds = TlsChannelCredentials.newBuilder().trustManager(caFile.toFile()).build();
    } catch (IOException e) {
      throw new UsageException("--ca: cannot use " + caFile + " (" + e.getMessage() + ")");
    }
    return configure(NettyChannelBuilder.forAddress(target.host(), target.port(), creds));
  }

  private static ManagedChannel configure(NettyChannelBuilder b) {
    return b.userAgent("autoservice-console")
        .keepAliveTime(KEEPALIVE_TIME.toSeconds(), TimeUnit.SECONDS)
        .keepAliveTimeout(KEEPALIVE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .keepAliveWithoutCalls(false)
        .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
        .build();
  }
}
