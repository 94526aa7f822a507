package io.autoservice.console.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.net.HostPort;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.console.run.RunWatcher;
import io.autoservice.console.view.AgentRow;
import io.autoservice.console.view.RunRow;
import io.autoservice.proto.v1.AgentInfo;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.ListAgentsRequest;
import io.autoservice.proto.v1.ListAgentsResponse;
import io.autoservice.proto.v1.MachineInfo;
import io.autoservice.proto.v1.WatchEvent;
import io.autoservice.proto.v1.WatchRunsRequest;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A console given several controller replicas, against real gRPC servers on 127.0.0.1. */
class ConsoleFailoverTest {
  private final List<Server> servers = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (Server s : servers) {
      s.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldCallTheNextReplicaWhenTheFirstAddressIsAClosedPort() throws Exception {
    // given
    Replica live = new Replica("pc-live");
    HostPort liveAddress = serve(live);

    // when
    try (ConsoleClient client =
        ConsoleClient.connect(List.of(closedPort(), liveAddress), null, null)) {
      List<AgentRow> agents = client.agents(Map.of(), Set.of());

      // then: the answer came from the live replica, and the next call goes straight to it
      assertThat(agents).extracting(AgentRow::hostname).containsExactly("pc-live");
      assertThat(client.target()).isEqualTo(liveAddress.toString());
      client.agents(Map.of(), Set.of());
      assertThat(live.listCalls).hasSize(2);
    }
  }

  @Test
  void shouldResumeAWatchOnTheNextReplicaWhenItsReplicaGoesAway() throws Exception {
    // given: the first replica sends the run's first event, then goes away (UNAVAILABLE, as a
    // replica that stops or loses its connection ends its watches); the second serves the rest
    CountDownLatch dies = new CountDownLatch(1);
    Replica first = new Replica("pc-1");
    first.watch =
        (req, out) -> {
          out.onNext(event(1, new EventPayload.RunStarted(List.of("ping"))));
          new Thread(
                  () -> {
                    try {
                      dies.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    out.onError(
                        Status.UNAVAILABLE.withDescription("replica stopping").asException());
                  })
              .start();
        };
    Replica second = new Replica("pc-2");
    second.watch =
        (req, out) -> {
          for (long seq = req.getAfterSequence() + 1; seq <= 3; seq++) {
            out.onNext(
                event(
                    seq,
                    seq < 3
                        ? new EventPayload.TaskStarted(0, "ping", "t1")
                        : new EventPayload.RunFinished(
                            new RunReport(
                                "run-1", RunStatus.OK, List.of(), 1, Instant.now(), null, null))));
          }
          out.onCompleted();
        };
    HostPort firstAddress = serve(first);
    HostPort secondAddress = serve(second);
    List<Long> seen = new CopyOnWriteArrayList<>();

    try (ConsoleClient client =
        ConsoleClient.connect(List.of(firstAddress, secondAddress), null, null)) {
      RunWatcher watcher = new RunWatcher(client, List.of("run-1"));
      CompletableFuture<Map<String, RunWatcher.Outcome>> done =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return watcher.watch(
                      new RunWatcher.Listener() {
                        @Override
                        public void onEvent(io.autoservice.common.event.RunEvent e, RunRow run) {
                          seen.add(e.sequence());
                        }
                      });
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (seen.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(seen).containsExactly(1L);

      // when
      dies.countDown();

      // then: the watch goes on at the second replica from where it was, each event once
      Map<String, RunWatcher.Outcome> outcome = done.get(10, TimeUnit.SECONDS);
      assertThat(seen).containsExactly(1L, 2L, 3L);
      assertThat(second.watchRequests)
          .extracting(WatchRunsRequest::getAfterSequence)
          .containsExactly(1L);
      assertThat(outcome.get("run-1").fromAgent()).isTrue();
      assertThat(client.target()).isEqualTo(secondAddress.toString());
    }
  }

  private static WatchEvent event(long seq, EventPayload payload) {
    return WatchEvent.newBuilder()
        .setRunEvent(WireMapper.toProto(new RunEvent("run-1", seq, Instant.now(), payload)))
        .build();
  }

  /** A controller replica: lists one agent, and watches as the test scripts it. */
  private static final class Replica extends ConsoleServiceGrpc.ConsoleServiceImplBase {
    final String hostname;
    final List<ListAgentsRequest> listCalls = Collections.synchronizedList(new ArrayList<>());
    final List<WatchRunsRequest> watchRequests = Collections.synchronizedList(new ArrayList<>());
    volatile BiConsumer<WatchRunsRequest, StreamObserver<WatchEvent>> watch = (r, o) -> {};

    Replica(String hostname) {
      this.hostname = hostname;
    }

    @Override
    public void listAgents(ListAgentsRequest req, StreamObserver<ListAgentsResponse> out) {
      listCalls.add(req);
      out.onNext(
          ListAgentsResponse.newBuilder()
              .addAgents(
                  AgentInfo.newBuilder()
                      .setAgentId("agent-" + hostname)
                      .setMachine(MachineInfo.newBuilder().setHostname(hostname)))
              .build());
      out.onCompleted();
    }

    @Override
    public void watchRuns(WatchRunsRequest req, StreamObserver<WatchEvent> out) {
      watchRequests.add(req);
      watch.accept(req, out);
    }
  }

  private HostPort serve(Replica replica) throws Exception {
    Server s =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .addService(replica)
            .build()
            .start();
    servers.add(s);
    return new HostPort("127.0.0.1", s.getPort());
  }

  /** A loopback port nothing listens on (bound, then released). */
  private static HostPort closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new HostPort("127.0.0.1", s.getLocalPort());
    }
  }
}
