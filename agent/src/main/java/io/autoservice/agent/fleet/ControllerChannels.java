package io.autoservice.agent.fleet;

import io.autoservice.agent.fleet.tls.PinnedCaTrustManager;
import io.autoservice.agent.fleet.tls.ReloadingKeyManager;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Builds the agent's channel to the controller: the one place that knows about transport security
 * and keepalive. Fleet mode speaks mutual TLS (the agent's certificate, the controller verified
 * against the pinned CA); enrolment verifies the controller by the token's CA fingerprint;
 * plaintext exists only for a controller started with {@code --insecure}.
 *
 * <p>Keepalive: the Connect stream has no deadline, so dead TCP connections (a laptop that left the
 * Wi-Fi, a NAT that forgot us) are found by HTTP/2 pings: one after {@link #KEEPALIVE_TIME} without
 * traffic, and the connection is dropped if no answer comes within {@link #KEEPALIVE_TIMEOUT}. No
 * pings without an active call: the agent always has its stream open, and the controller must
 * permit pings this often ({@code permitKeepAliveTime <= 30 s}).
 */
public final class ControllerChannels {
  static final Duration KEEPALIVE_TIME = Duration.ofSeconds(30);
  static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Largest controller message accepted: twice the plan limit ({@code PlanParser.MAX_PLAN_BYTES},
   * counted as JSON), because a plan's {@code Struct} encoding is larger than its JSON. A plan
   * within this that breaks the plan limits is refused with its reason in the CommandAck; a larger
   * message fails the stream with RESOURCE_EXHAUSTED, and the agent reconnects after the congestion
   * delay.
   */
  static final int MAX_INBOUND_MESSAGE_BYTES = 8 * 1024 * 1024;

  private ControllerChannels() {}

  /**
   * A plaintext channel to {@code target} ({@code host:port}).
   *
   * @param userAgent sent with every call, e.g. {@code autoservice-agent/0.1.0}
   */
  public static ManagedChannel plaintext(String target, String userAgent) {
    return configure(NettyChannelBuilder.forTarget(target).usePlaintext(), userAgent);
  }

  /**
   * A mutual-TLS channel: presents the agent's current certificate ({@code keys}, so a renewed one
   * is used from the next connection) and trusts only the controller CA pinned at enrolment.
   */
  public static ManagedChannel mtls(String target, String userAgent, ReloadingKeyManager keys)
      throws java.security.cert.CertificateException {
    ChannelCredentials creds =
        TlsChannelCredentials.newBuilder()
            .keyManager(keys)
            .trustManager(PinnedCaTrustManager.anchoredAt(keys.current().ca()))
            .build();
    return configure(NettyChannelBuilder.forTarget(target, creds), userAgent);
  }

  /**
   * A TLS channel for enrolment: the controller must show the CA whose fingerprint {@code pin} is.
   */
  public static ManagedChannel pinned(String target, String userAgent, PinnedCaTrustManager pin) {
    ChannelCredentials creds = TlsChannelCredentials.newBuilder().trustManager(pin).build();
    return configure(NettyChannelBuilder.forTarget(target, creds), userAgent);
  }

  /** A plaintext channel to one resolved controller address. */
  public static ManagedChannel plaintext(ControllerEndpoints.Endpoint to, String userAgent) {
    return configure(
        toEndpoint(NettyChannelBuilder.forAddress(to.socket()), to).usePlaintext(), userAgent);
  }

  /**
   * A mutual-TLS channel to one resolved controller address: as {@link #mtls(String, String,
   * ReloadingKeyManager)}, and the server name verified is the host of the configured address (each
   * replica shows its own certificate, all from the pinned CA).
   */
  public static ManagedChannel mtls(
      ControllerEndpoints.Endpoint to, String userAgent, ReloadingKeyManager keys) {
    javax.net.ssl.X509ExtendedTrustManager trust;
    try {
      trust = PinnedCaTrustManager.anchoredAt(keys.current().ca());
    } catch (java.security.cert.CertificateException e) {
      // The caller checked the pinned CA at start; it does not change while the agent runs.
      throw new IllegalStateException("the pinned controller CA cannot be used: " + e, e);
    }
    ChannelCredentials creds =
        TlsChannelCredentials.newBuilder().keyManager(keys).trustManager(trust).build();
    return configure(toEndpoint(NettyChannelBuilder.forAddress(to.socket(), creds), to), userAgent);
  }

  /** An enrolment channel to one resolved controller address, verified by {@code pin}. */
  public static ManagedChannel pinned(
      ControllerEndpoints.Endpoint to, String userAgent, PinnedCaTrustManager pin) {
    ChannelCredentials creds = TlsChannelCredentials.newBuilder().trustManager(pin).build();
    return configure(toEndpoint(NettyChannelBuilder.forAddress(to.socket(), creds), to), userAgent);
  }

  /**
   * Connects to the resolved address but names the configured one: its host is the TLS server name
   * checked and the {@code :authority} sent, as with a channel built for that address.
   */
  private static NettyChannelBuilder toEndpoint(
      NettyChannelBuilder b, ControllerEndpoints.Endpoint to) {
    return b.overrideAuthority(to.address().toString());
  }

  private static ManagedChannel configure(NettyChannelBuilder b, String userAgent) {
    return b.userAgent(userAgent)
        .keepAliveTime(KEEPALIVE_TIME.toSeconds(), TimeUnit.SECONDS)
        .keepAliveTimeout(KEEPALIVE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .keepAliveWithoutCalls(false)
        .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
        .build();
  }
}
