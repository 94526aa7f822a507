package io.autoservice.agent.fleet.tls;

import io.autoservice.agent.fleet.ControllerChannels;
import io.autoservice.agent.fleet.ControllerEndpoints;
import io.autoservice.common.tls.CertificateRequests;
import io.autoservice.common.tls.Certificates;
import io.autoservice.common.tls.EnrollmentToken;
import io.autoservice.common.tls.Pem;
import io.autoservice.common.tls.TlsException;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.EnrollRequest;
import io.autoservice.proto.v1.EnrollResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code agent enroll}: makes a key pair on this PC, sends only a signing request for it with the
 * token, to a controller that must show the CA pinned by the token, and stores the certificate.
 */
public final class Enroller {
  static final Duration DEADLINE = Duration.ofSeconds(30);

  /** What the enrolment gave the agent. */
  public record Enrolled(String agentId, X509Certificate certificate, Map<String, String> labels) {}

  private Enroller() {}

  /**
   * Enrols {@code agentId} and saves its identity in {@code credentials}.
   *
   * @throws StatusRuntimeException when the controller refuses or cannot be reached
   * @throws TlsException when the controller's answer does not fit the request or the pin
   */
  public static Enrolled enroll(
      String target,
      EnrollmentToken token,
      String agentId,
      String hostname,
      AgentCredentials credentials,
      String userAgent)
      throws TlsException, IOException {
    return enroll(
        pin -> ControllerChannels.pinned(target, userAgent, pin),
        token,
        agentId,
        hostname,
        credentials);
  }

  /** As above, with one resolved address of a controller (one of several replicas). */
  public static Enrolled enroll(
      ControllerEndpoints.Endpoint to,
      EnrollmentToken token,
      String agentId,
      String hostname,
      AgentCredentials credentials,
      String userAgent)
      throws TlsException, IOException {
    return enroll(
        pin -> ControllerChannels.pinned(to, userAgent, pin),
        token,
        agentId,
        hostname,
        credentials);
  }

  private static Enrolled enroll(
      Function<PinnedCaTrustManager, ManagedChannel> channels,
      EnrollmentToken token,
      String agentId,
      String hostname,
      AgentCredentials credentials)
      throws TlsException, IOException {
    KeyPair keys = CertificateRequests.newKeyPair();
    PinnedCaTrustManager pin = new PinnedCaTrustManager(token.caSha256());
    ManagedChannel channel = channels.apply(pin);
    try {
      EnrollResponse r =
          AgentGatewayGrpc.newBlockingStub(channel)
              .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
              .enroll(
                  EnrollRequest.newBuilder()
                      .setToken(token.format())
                      .setCsrPem(Pem.of(CertificateRequests.create(keys, agentId)))
                      .setHostname(hostname)
                      .build());
      X509Certificate cert = Pem.certificate(r.getCertificatePem());
      X509Certificate ca = pin.pinnedCa();
      check(cert, keys, agentId, ca);
      credentials.save(keys.getPrivate(), cert, ca);
      return new Enrolled(Certificates.commonName(cert), cert, r.getLabelsMap());
    } finally {
      channel.shutdownNow();
    }
  }

  /** The certificate must be for our key and id, signed by the pinned CA. */
  static void check(X509Certificate cert, KeyPair keys, String agentId, X509Certificate ca)
      throws TlsException {
    if (ca == null) {
      throw new TlsException("the controller's CA was not verified");
    }
    if (!MessageDigest.isEqual(cert.getPublicKey().getEncoded(), keys.getPublic().getEncoded())) {
      throw new TlsException("the controller returned a certificate for another key");
    }
    if (!Certificates.commonName(cert).equals(agentId)) {
      throw new TlsException(
          "the controller returned a certificate for agent "
              + Certificates.commonName(cert)
              + ", not "
              + agentId);
    }
    try {
      cert.verify(ca.getPublicKey());
    } catch (java.security.GeneralSecurityException e) {
      throw new TlsException("the returned certificate is not signed by the pinned CA");
    }
  }
}
