package io.autoservice.controller.hostile;

import io.autoservice.controller.server.ControllerServer;
import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.GetReportRequest;
import io.autoservice.proto.v1.ListRunsRequest;
import io.autoservice.proto.v1.RunState;
import io.autoservice.proto.v1.RunSummary;
import io.autoservice.proto.v1.WatchEvent;
import io.autoservice.proto.v1.WatchRunsRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The real controller the hostile peers attack: in this JVM, plaintext on loopback (agent identity
 * is TrustIT's subject, not this suite's), restarted on the same data folder as often as the suite
 * likes. It keeps the ledger of every event it acknowledged and checks, after each case, the
 * promises a hostile peer must not break: the console still answers, every acknowledged event is
 * still held, and a restart comes up clean.
 */
final class HostileController implements AutoCloseable {
  private final Path data;
  private ControllerServer server;
  private ManagedChannel channel;
  private String adminToken;

  /** Run id → the highest sequence the controller acknowledged for it. */
  private final Map<String, Long> acked = new ConcurrentHashMap<>();

  HostileController(Path data) throws Exception {
    this.data = data;
    start();
  }

  private void start() throws Exception {
    ControllerSettings settings =
        ControllerSettings.defaults()
            .withManagementListen("", null)
            .with("127.0.0.1:0", data)
            .withLimits(100_000, 1_000, 100_000);
    server = ControllerServer.start(settings, Clock.systemUTC(), true);
    if (adminToken == null) {
      adminToken = Files.readString(server.adminTokenFile().orElseThrow()).strip();
    }
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.address().port())
            .usePlaintext()
            .maxInboundMessageSize(64 << 20)
            .build();
  }

  /** Stops and starts the controller on the same data folder; the start must succeed. */
  void restart() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
    start();
  }

  ManagedChannel channel() {
    return channel;
  }

  ConsoleServiceGrpc.ConsoleServiceBlockingStub console() {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + adminToken);
    return ConsoleServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  ConsoleServiceGrpc.ConsoleServiceStub consoleAsync() {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + adminToken);
    return ConsoleServiceGrpc.newStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /** Records an EventAck the controller sent. */
  void acked(String runId, long sequence) {
    acked.merge(runId, sequence, Math::max);
  }

  /** The broken promise after a case, or null when all held. */
  String check(Set<String> runsOfThisCase) {
    try {
      List<RunSummary> runs =
          console().listRuns(ListRunsRequest.newBuilder().setLimit(1_000).build()).getRunsList();
      if (runs == null) {
        return "ListRuns answered nothing";
      }
    } catch (StatusRuntimeException e) {
      return "ListRuns failed: " + e.getStatus();
    }
    for (String runId : runsOfThisCase) {
      String lost = lostAckedEvents(runId);
      if (lost != null) {
        return lost;
      }
    }
    return null;
  }

  /** Restarts, then checks every acknowledged event of every case so far. */
  String restartAndCheckAll() {
    try {
      restart();
    } catch (Exception e) {
      return "restart failed: " + e;
    }
    return check(new HashSet<>(acked.keySet()));
  }

  /** Replays the run's stored events; null when every acknowledged sequence is there. */
  private String lostAckedEvents(String runId) {
    Long upTo = acked.get(runId);
    if (upTo == null || upTo == 0) {
      return null;
    }
    TreeMap<Long, Boolean> seen = new TreeMap<>();
    CompletableFuture<Status> done = new CompletableFuture<>();
    ClientCallStreamObserver<?>[] call = new ClientCallStreamObserver<?>[1];
    consoleAsync()
        .watchRuns(
            WatchRunsRequest.newBuilder().addRunIds(runId).build(),
            new ClientResponseObserver<WatchRunsRequest, WatchEvent>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<WatchRunsRequest> requestStream) {
                call[0] = requestStream;
              }

              @Override
              public void onNext(WatchEvent e) {
                if (e.hasRunEvent()) {
                  synchronized (seen) {
                    seen.put(e.getRunEvent().getSequence(), e.getRunEvent().hasRunFinished());
                    if (contiguous(seen) >= upTo) {
                      done.complete(Status.OK);
                    }
                  }
                }
              }

              @Override
              public void onError(Throwable t) {
                done.complete(Status.fromThrowable(t));
              }

              @Override
              public void onCompleted() {
                done.complete(Status.OK);
              }
            });
    Status status;
    try {
      status = done.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      status = Status.DEADLINE_EXCEEDED;
    } finally {
      call[0].cancel("checked", null);
    }
    synchronized (seen) {
      long held = contiguous(seen);
      if (held < upTo && !(endedAt(seen, held) && finished(runId))) {
        return "run "
            + shortId(runId)
            + ": acknowledged up to "
            + upTo
            + " but holds 1.."
            + held
            + " ("
            + status
            + ")";
      }
    }
    return null;
  }

  /**
   * Whether the stored events are exactly 1..held and end the run. Events an agent sends after its
   * run's end are acknowledged and dropped by design (so a journal never resends them forever); a
   * gap before the end is still a lost event.
   */
  private static boolean endedAt(TreeMap<Long, Boolean> seen, long held) {
    return held > 0 && seen.lastKey() == held && seen.get(held);
  }

  private boolean finished(String runId) {
    try {
      return console()
              .getReport(GetReportRequest.newBuilder().setRunId(runId).build())
              .getRun()
              .getState()
          == RunState.RUN_STATE_FINISHED;
    } catch (StatusRuntimeException e) {
      return false;
    }
  }

  private static long contiguous(TreeMap<Long, Boolean> seen) {
    long n = 0;
    while (seen.containsKey(n + 1)) {
      n++;
    }
    return n;
  }

  static String shortId(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  @Override
  public void close() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }
}
