package io.autoservice.bench.console;

import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.CreateEnrollmentTokenRequest;
import io.autoservice.proto.v1.DispatchRequest;
import io.autoservice.proto.v1.DispatchResponse;
import io.autoservice.proto.v1.ListRunsRequest;
import io.autoservice.proto.v1.ListRunsResponse;
import io.autoservice.proto.v1.WatchEvent;
import io.autoservice.proto.v1.WatchRunsRequest;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The bench's console: one TLS channel that trusts only the controller's CA ({@code
 * <data>/tls/ca.pem}) and a bearer token (the admin's, from {@code <data>/admin.token}) on every
 * call, as the console CLI does. A small executor of its own keeps watcher callbacks off the
 * agents' transport threads.
 */
public final class BenchConsole implements AutoCloseable {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel channel;
  private final ExecutorService executor =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "bench-console");
            t.setDaemon(true);
            return t;
          });
  private final ConsoleServiceGrpc.ConsoleServiceBlockingStub blocking;
  private final ConsoleServiceGrpc.ConsoleServiceStub async;

  public BenchConsole(String host, int port, Path caFile, Path tokenFile) throws IOException {
    String token = Files.readString(tokenFile).strip();
    channel =
        NettyChannelBuilder.forAddress(
                host,
                port,
                TlsChannelCredentials.newBuilder().trustManager(caFile.toFile()).build())
            .executor(executor)
            .userAgent("autoservice-bench-console")
            .maxInboundMessageSize(64 * 1024 * 1024)
            .build();
    CallCredentials bearer =
        new CallCredentials() {
          @Override
          public void applyRequestMetadata(
              RequestInfo info, Executor appExecutor, MetadataApplier applier) {
            Metadata h = new Metadata();
            h.put(AUTHORIZATION, "Bearer " + token);
            applier.apply(h);
          }
        };
    blocking = ConsoleServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer);
    async = ConsoleServiceGrpc.newStub(channel).withCallCredentials(bearer);
  }

  /** An enrolment token for {@code uses} agents, valid for an hour. */
  public String enrollmentToken(int uses) {
    return blocking
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .createEnrollmentToken(
            CreateEnrollmentTokenRequest.newBuilder().setUses(uses).setTtlSeconds(3600).build())
        .getToken();
  }

  public DispatchResponse dispatch(DispatchRequest req) {
    return blocking.withDeadlineAfter(10, TimeUnit.MINUTES).dispatch(req);
  }

  public ListRunsResponse listRuns(ListRunsRequest req) {
    return blocking.withDeadlineAfter(2, TimeUnit.MINUTES).listRuns(req);
  }

  public void watchRuns(WatchRunsRequest req, StreamObserver<WatchEvent> observer) {
    async.watchRuns(req, observer);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
  }
}
