package io.autoservice.controller.tls;

import io.autoservice.common.tls.Certificates;
import io.autoservice.controller.errors.Statuses;
import io.autoservice.controller.model.Refusal;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards the agent gateway: {@code Connect} needs a client certificate that still counts, and its
 * CN becomes the stream's {@link AgentIdentity}. Checked again here, not only at the handshake,
 * because a resumed TLS session skips the handshake's checks and a certificate may have been
 * revoked or expired since. {@code Enroll} is the one call open to agents without a certificate.
 */
public final class AgentIdentityInterceptor implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger(AgentIdentityInterceptor.class);

  private static final Context.Key<String> REMOTE = Context.key("autoservice-agent-remote");

  private final AgentTrustManager trust;

  /** The address of the agent whose call is being served ({@code host:port}), for the audit log. */
  public static String remoteAddress() {
    String r = REMOTE.get();
    return r == null ? "unknown" : r;
  }

  public AgentIdentityInterceptor(AgentTrustManager trust) {
    this.trust = trust;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String remote =
        io.autoservice.controller.auth.AuthInterceptor.remote(
            call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    if (!call.getMethodDescriptor()
        .getFullMethodName()
        .equals(AgentGatewayGrpc.getConnectMethod().getFullMethodName())) {
      return Contexts.interceptCall(
          Context.current().withValue(REMOTE, remote), call, headers, next);
    }
    X509Certificate leaf =
        peerCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
    if (leaf == null) {
      return refuse(
          call,
          Refusal.unauthenticated(
              "no client certificate: enrol this agent first (agent enroll --controller HOST:PORT --token TOKEN)"));
    }
    try {
      trust.check(leaf);
    } catch (CertificateException e) {
      log.atWarn()
          .setMessage("refused an agent stream")
          .addKeyValue("remote", remote)
          .addKeyValue("reason", e.getMessage())
          .log();
      return refuse(call, Refusal.permissionDenied(e.getMessage()));
    }
    Context ctx =
        Context.current()
            .withValue(REMOTE, remote)
            .withValue(AgentIdentity.KEY, new AgentIdentity(Certificates.commonName(leaf), leaf));
    return Contexts.interceptCall(ctx, call, headers, next);
  }

  private static X509Certificate peerCertificate(SSLSession session) {
    if (session == null) {
      return null;
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Refusal refusal) {
    call.close(Statuses.of(refusal), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
