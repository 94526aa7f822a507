package io.autoservice.console.client;

import io.autoservice.common.net.HostPort;

/**
 * What a verb's parent command says about where calls go and with which token: {@code console} for
 * its verbs, {@code users} for its own.
 */
public interface ConsoleTarget {
  /** The controller to call (the first, when several replicas were given). */
  HostPort controller();

  /** Every controller replica that may be called, in the order given. */
  default java.util.List<HostPort> controllers() {
    return java.util.List.of(controller());
  }

  /** The bearer token to send, or {@code null} when none was given (the controller refuses). */
  String token() throws UsageException;

  /** The CA certificate file to verify the controller with, or {@code null} for plaintext. */
  java.nio.file.Path caFile() throws UsageException;
}
