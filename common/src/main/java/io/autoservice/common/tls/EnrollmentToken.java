package io.autoservice.common.tls;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * What {@code controller enroll create} prints and {@code agent enroll --token} takes: {@code
 * AS1.<secret>.<ca-sha256>}, both parts base64url without padding. The secret proves the agent may
 * join (the controller keeps only its hash); the CA fingerprint lets the agent pin the controller's
 * CA before it sends anything, so a machine in the middle cannot enrol it against a fake
 * controller.
 *
 * @param secret 32 random bytes
 * @param caSha256 SHA-256 of the controller's CA certificate
 */
public record EnrollmentToken(byte[] secret, byte[] caSha256) {
  private static final String PREFIX = "AS1.";
  private static final int SECRET_BYTES = 32;

  public EnrollmentToken {
    if (secret.length != SECRET_BYTES || caSha256.length != 32) {
      throw new IllegalArgumentException("secret and CA fingerprint must be 32 bytes each");
    }
    secret = secret.clone();
    caSha256 = caSha256.clone();
  }

  public static EnrollmentToken fresh(byte[] caSha256, SecureRandom random) {
    byte[] s = new byte[SECRET_BYTES];
    random.nextBytes(s);
    return new EnrollmentToken(s, caSha256);
  }

  /** Parses a token; the message names what is wrong without echoing the secret. */
  public static EnrollmentToken parse(String text) throws TlsException {
    String t = text == null ? "" : text.strip();
    if (!t.startsWith(PREFIX)) {
      throw new TlsException(
          "enrolment token: expected it to start with \""
              + PREFIX
              + "\" (copy the whole line"
              + " printed by 'controller enroll create')");
    }
    String[] parts = t.substring(PREFIX.length()).split("\\.", -1);
    if (parts.length != 2) {
      throw new TlsException("enrolment token: expected AS1.<secret>.<fingerprint>");
    }
    try {
      return new EnrollmentToken(decode(parts[0]), decode(parts[1]));
    } catch (IllegalArgumentException e) {
      throw new TlsException("enrolment token: damaged (expected two base64url parts of 32 bytes)");
    }
  }

  public String format() {
    Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
    return PREFIX + b.encodeToString(secret) + "." + b.encodeToString(caSha256);
  }

  public String caFingerprintHex() {
    return HexFormat.of().formatHex(caSha256);
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  @Override
  public byte[] caSha256() {
    return caSha256.clone();
  }

  private static byte[] decode(String part) {
    byte[] b = Base64.getUrlDecoder().decode(part);
    if (b.length != 32) {
      throw new IllegalArgumentException("length");
    }
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EnrollmentToken t
        && Arrays.equals(secret, t.secret)
        && Arrays.equals(caSha256, t.caSha256);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(secret) * 31 + Arrays.hashCode(caSha256);
  }

  @Override
  public String toString() {
    return "EnrollmentToken[ca=" + caFingerprintHex() + "]"; // never the secret
  }
}
