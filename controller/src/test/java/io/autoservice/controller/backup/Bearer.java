package io.autoservice.controller.backup;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/** A console token on each call, as the console sends it. */
final class Bearer extends CallCredentials {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private final String token;

  private Bearer(String token) {
    this.token = token;
  }

  static Bearer of(String token) {
    return new Bearer(token);
  }

  @Override
  public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
    Metadata m = new Metadata();
    m.put(AUTHORIZATION, "Bearer " + token);
    applier.apply(m);
  }
}
