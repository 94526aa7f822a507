package io.autoservice.controller.tls;

import io.autoservice.common.tls.CertificateRequests;
import io.autoservice.common.tls.EnrollmentToken;
import io.autoservice.common.tls.Fingerprint;
import io.autoservice.common.tls.Pem;
import io.autoservice.common.tls.TlsException;
import io.autoservice.controller.auth.AuditLog;
import io.autoservice.controller.model.IssuedCertificate;
import io.autoservice.controller.model.Refusal;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Agent identity over its lifetime: enrolment tokens are made ({@link #createToken}), redeemed for
 * a first certificate ({@link #enroll}), certificates renewed ({@link #renew}) and revoked ({@link
 * #revoke}). Every enrolment, refused or not, and every revocation goes to the audit log.
 */
public final class AgentEnrollment {
  public static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private final ControllerTls tls;
  private final EnrollmentTokens tokens;
  private final AgentCertificates certificates;
  private final AuditLog audit;
  private final Clock clock;
  private final Duration lifetime;
  private final SecureRandom random;

  /** When each agent was last given a renewed certificate (since this controller started). */
  private final Map<String, java.time.Instant> lastRenewal =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The least time between two renewals of one agent. */
  public static final Duration RENEW_EVERY = Duration.ofHours(1);

  /** A new agent certificate and the labels its token carried. */
  public record Enrolled(String agentId, X509Certificate certificate, Map<String, String> labels) {}

  /** A new token, as the admin must pass it on. */
  public record Created(String token, EnrollmentTokens.Terms terms) {}

  public AgentEnrollment(
      ControllerTls tls,
      EnrollmentTokens tokens,
      AgentCertificates certificates,
      AuditLog audit,
      Clock clock,
      Duration lifetime,
      SecureRandom random) {
    this.tls = tls;
    this.tokens = tokens;
    this.certificates = certificates;
    this.audit = audit;
    this.clock = clock;
    this.lifetime = lifetime;
    this.random = random;
  }

  public Created createToken(
      Map<String, String> labels, int uses, Duration ttl, String actor, String remote) {
    EnrollmentToken token = EnrollmentToken.fresh(Fingerprint.sha256(tls.caCertificate()), random);
    EnrollmentTokens.Terms terms = tokens.create(token.secret(), labels, uses, ttl, actor);
    audit.append(
        actor,
        remote,
        AuditLog.AGENT_ENROL,
        "token",
        "created: uses " + uses + ", expires " + terms.expiresAt() + ", labels " + terms.labels(),
        null);
    return new Created(token.format(), terms);
  }

  /** Redeems a token for a certificate naming the CSR's CN; refused ones are audited too. */
  public Enrolled enroll(String tokenText, String csrPem, String hostname, String remote)
      throws Refusal {
    String who = "agent on " + (hostname.isBlank() ? "?" : hostname);
    try {
      Enrolled e = enrollChecked(tokenText, csrPem);
      audit.append(
          "agent:" + e.agentId(),
          remote,
          AuditLog.AGENT_ENROL,
          e.agentId(),
          "enrolled: host "
              + hostname
              + ", labels "
              + e.labels()
              + ", certificate until "
              + e.certificate().getNotAfter().toInstant(),
          null);
      return e;
    } catch (Refusal e) {
      audit.append(who, remote, AuditLog.LOGIN_FAILURE, "enrolment", e.getMessage(), null);
      throw e;
    }
  }

  private Enrolled enrollChecked(String tokenText, String csrPem) throws Refusal {
    EnrollmentToken token;
    PKCS10CertificationRequest csr;
    String agentId;
    try {
      token = EnrollmentToken.parse(tokenText);
      csr = Pem.csr(csrPem);
      CertificateRequests.verifySignature(csr);
      agentId = CertificateRequests.commonName(csr);
    } catch (TlsException e) {
      throw Refusal.invalid(e.getMessage());
    }
    if (!MessageDigest.isEqual(token.caSha256(), Fingerprint.sha256(tls.caCertificate()))) {
      throw Refusal.unauthenticated(
          "enrolment token was made by another controller (its CA fingerprint differs)");
    }
    if (!AGENT_ID.matcher(agentId).matches()) {
      throw Refusal.invalid(
          "certificate request: CN \""
              + agentId
              + "\" is not an agent id (1-128 letters, digits, '.', '_' or '-')");
    }
    if (certificates.hasValid(agentId)) {
      throw Refusal.alreadyExists(
          "agent id "
              + agentId
              + " is already enrolled with a valid certificate; revoke it first ('controller agents revoke "
              + agentId
              + "')");
    }
    // Signed first (no store involved), then recorded only if the store's one transaction says the
    // id is free and the token good: a certificate that lost a race is never recorded, so the trust
    // manager refuses it as unknown even if it leaked.
    X509Certificate cert = sign(csr, agentId);
    IssuedCertificate row = certificates.describe(agentId, cert);
    Map<String, String> labels;
    try {
      labels = tokens.redeemFor(token.secret(), row);
    } catch (Refusal e) {
      if (e.code() == Refusal.Code.ALREADY_EXISTS) {
        throw Refusal.alreadyExists(
            "agent id "
                + agentId
                + " is already enrolled with a valid certificate; revoke it first ('controller agents revoke "
                + agentId
                + "')");
      }
      throw e;
    }
    certificates.remember(row);
    return new Enrolled(agentId, cert, labels);
  }

  /**
   * A fresh certificate for the agent whose stream asks; the request must name that agent. Only
   * answered once the stream's certificate is in the last half of its lifetime (agents ask in the
   * last third; the slack is for clocks) and at most once per {@link #RENEW_EVERY} per agent: a
   * hostile agent cannot mint certificates at will.
   */
  public X509Certificate renew(AgentIdentity who, String csrPem) throws Refusal {
    java.time.Instant now = clock.instant();
    java.time.Instant notBefore = who.certificate().getNotBefore().toInstant();
    java.time.Instant notAfter = who.certificate().getNotAfter().toInstant();
    java.time.Instant dueFrom = notBefore.plus(Duration.between(notBefore, notAfter).dividedBy(2));
    if (now.isBefore(dueFrom)) {
      throw Refusal.failedPrecondition(
          "certificate renewal: not due: this"
              + " certificate is valid until "
              + notAfter
              + "; ask again after "
              + dueFrom);
    }
    java.time.Instant last = lastRenewal.get(who.agentId());
    if (last != null && now.isBefore(last.plus(RENEW_EVERY))) {
      throw Refusal.resourceExhausted(
          "certificate renewal: agent "
              + who.agentId()
              + " was given a certificate at "
              + last
              + "; ask again after "
              + last.plus(RENEW_EVERY));
    }
    try {
      PKCS10CertificationRequest csr = Pem.csr(csrPem);
      CertificateRequests.verifySignature(csr);
      String cn = CertificateRequests.commonName(csr);
      if (!cn.equals(who.agentId())) {
        throw Refusal.invalid(
            "renewal request names agent " + cn + " but this stream is agent " + who.agentId());
      }
      X509Certificate cert = issue(csr, who.agentId());
      lastRenewal.put(who.agentId(), now);
      audit.append(
          "agent:" + who.agentId(),
          null,
          AuditLog.AGENT_ENROL,
          who.agentId(),
          "certificate renewed until " + cert.getNotAfter().toInstant(),
          null);
      return cert;
    } catch (TlsException e) {
      throw Refusal.invalid(e.getMessage());
    }
  }

  /** Revokes every certificate of the agent; returns how many were valid. */
  public int revoke(String agentId, String actor, String remote) {
    int n = certificates.revokeAgent(agentId);
    audit.append(
        actor, remote, AuditLog.AGENT_REVOKE, agentId, n + " certificate(s) revoked", null);
    return n;
  }

  public Map<String, String> enrolledLabels(String agentId) {
    return certificates.enrolledLabels(agentId);
  }

  public X509Certificate caCertificate() {
    return tls.caCertificate();
  }

  private X509Certificate issue(PKCS10CertificationRequest csr, String agentId) throws Refusal {
    X509Certificate cert = sign(csr, agentId);
    certificates.issued(agentId, cert);
    return cert;
  }

  private X509Certificate sign(PKCS10CertificationRequest csr, String agentId) throws Refusal {
    try {
      return tls.ca().issueAgent(csr, agentId, clock.instant(), lifetime);
    } catch (TlsException e) {
      throw Refusal.invalid(e.getMessage());
    }
  }
}
