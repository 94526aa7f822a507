package io.autoservice.controller.tls;

import java.nio.file.Path;
import java.util.List;

/**
 * What the controller's TLS material depends on: where it lives, the names agents dial, and an
 * operator's own CA or server certificate, if any (null when not given).
 */
public record TlsSettings(
    Path dataDir,
    String listenHost,
    List<String> tlsServerNames,
    Path tlsCaCertFile,
    Path tlsCaKeyFile,
    Path tlsServerCertFile,
    Path tlsServerKeyFile) {

  public TlsSettings {
    tlsServerNames = List.copyOf(tlsServerNames);
  }
}
