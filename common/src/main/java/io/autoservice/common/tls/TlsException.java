package io.autoservice.common.tls;

/** A certificate, key, request or token that cannot be used; the message says why. */
public final class TlsException extends Exception {
  public TlsException(String message) {
    super(message);
  }

  public TlsException(String message, Throwable cause) {
    super(message, cause);
  }
}
