package io.autoservice.bench.sim;

import io.autoservice.common.tls.CertificateRequests;
import io.autoservice.common.tls.Pem;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.EnrollRequest;
import io.autoservice.proto.v1.EnrollResponse;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Enrols simulated agents as the real agent does: a P-256 key made here, a CSR with CN = agent id,
 * {@code AgentGateway.Enroll} with the token over TLS that trusts only the controller's CA. Many
 * requests in flight on one channel (enrolment is setup, not what the bench measures); each agent
 * gets its own connection only later, for its stream.
 */
public final class BulkEnroller {
  private static final int IN_FLIGHT = 32;

  private final String host;
  private final int port;
  private final String caPem;

  public BulkEnroller(String host, int port, String caPem) {
    this.host = host;
    this.port = port;
    this.caPem = caPem;
  }

  /**
   * Enrols every id with {@code token}; fails on the first refusal, naming the agent and the
   * status.
   */
  public List<Identity> enroll(List<String> agentIds, String token)
      throws IOException, InterruptedException {
    ManagedChannel ch =
        NettyChannelBuilder.forAddress(
                host,
                port,
                TlsChannelCredentials.newBuilder()
                    .trustManager(
                        new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)))
                    .build())
            .userAgent("autoservice-bench-enroll")
            .build();
    try {
      AgentGatewayGrpc.AgentGatewayStub stub = AgentGatewayGrpc.newStub(ch);
      Semaphore permits = new Semaphore(IN_FLIGHT);
      List<Identity> done = Collections.synchronizedList(new ArrayList<>());
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      for (String agentId : agentIds) {
        permits.acquire();
        if (!failures.isEmpty()) {
          break;
        }
        KeyPair keys = CertificateRequests.newKeyPair();
        EnrollRequest req =
            EnrollRequest.newBuilder()
                .setToken(token)
                .setHostname("simpc-" + agentId)
                .setCsrPem(Pem.of(CertificateRequests.create(keys, agentId)))
                .build();
        stub.withDeadlineAfter(60, TimeUnit.SECONDS)
            .enroll(
                req,
                new StreamObserver<>() {
                  @Override
                  public void onNext(EnrollResponse r) {
                    done.add(
                        new Identity(
                            r.getAgentId(),
                            r.getCertificatePem(),
                            Pem.of(keys.getPrivate()),
                            r.getCaCertificatePem().isEmpty() ? caPem : r.getCaCertificatePem()));
                  }

                  @Override
                  public void onError(Throwable t) {
                    failures.add(agentId + ": " + io.grpc.Status.fromThrowable(t));
                    permits.release();
                  }

                  @Override
                  public void onCompleted() {
                    permits.release();
                  }
                });
      }
      permits.acquire(IN_FLIGHT); // every call answered
      if (!failures.isEmpty()) {
        throw new IOException(
            "enrolment refused: "
                + failures.peek()
                + " ("
                + failures.size()
                + " failed;"
                + " an ALREADY_EXISTS means the work folder's identity cache was lost: start with a fresh --work)");
      }
      return new ArrayList<>(done);
    } finally {
      ch.shutdownNow();
    }
  }
}
