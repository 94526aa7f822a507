package io.autoservice.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.controller.server.ControllerServer;
import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.proto.v1.AddUserRequest;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.MachineInfo;
import io.autoservice.proto.v1.UserRole;
import io.autoservice.proto.v1.WatchFleetRequest;
import io.autoservice.proto.v1.WatchFleetSnapshotRequest;
import io.autoservice.proto.v1.WatchRunsRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** At most N open watches per token, through the real server with real tokens. */
class WatcherQuotaIT {
  private static final int MAX = 3;

  @TempDir Path data;
  private ControllerServer server;
  private String admin;
  private final List<ManagedChannel> channels = new ArrayList<>();

  /** One open watch: whether its first message came, how it ended, and how to cancel it. */
  static final class Watch<T> implements ClientResponseObserver<Object, T> {
    final CountDownLatch first = new CountDownLatch(1);
    final CompletableFuture<Status> closed = new CompletableFuture<>();
    private ClientCallStreamObserver<Object> call;

    @Override
    @SuppressWarnings("unchecked")
    public void beforeStart(ClientCallStreamObserver<Object> requestStream) {
      call = requestStream;
    }

    @Override
    public void onNext(T value) {
      first.countDown();
    }

    @Override
    public void onError(Throwable t) {
      closed.complete(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      closed.complete(Status.OK);
    }

    Watch<T> open() throws InterruptedException {
      assertThat(first.await(10, TimeUnit.SECONDS))
          .as("the watch is open (its first message came); closed: %s", closed.getNow(null))
          .isTrue();
      return this;
    }

    Status refusal() throws Exception {
      return closed.get(10, TimeUnit.SECONDS);
    }

    void cancel() {
      call.cancel("done watching", null);
    }
  }

  @BeforeEach
  void start() throws Exception {
    server =
        ControllerServer.start(
            ControllerSettings.defaults()
                .withManagementListen("", null)
                .withLimits(500, MAX, 200)
                .with("127.0.0.1:0", data),
            Clock.systemUTC(),
            true);
    admin = Files.readString(server.adminTokenFile().orElseThrow()).strip();
    // One agent online, so that every fleet watch starts with a message that shows it is open.
    CountDownLatch welcomed = new CountDownLatch(1);
    AgentGatewayGrpc.newStub(channel())
        .connect(
            new StreamObserver<ControllerMessage>() {
              @Override
              public void onNext(ControllerMessage m) {
                welcomed.countDown();
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            })
        .onNext(
            AgentMessage.newBuilder()
                .setHello(
                    Hello.newBuilder()
                        .setAgentId("pc1")
                        .setMachine(MachineInfo.newBuilder().setHostname("pc1")))
                .build());
    assertThat(welcomed.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @AfterEach
  void stop() {
    channels.forEach(ManagedChannel::shutdownNow);
    server.close();
  }

  private ManagedChannel channel() {
    ManagedChannel c =
        NettyChannelBuilder.forAddress("127.0.0.1", server.address().port()).usePlaintext().build();
    channels.add(c);
    return c;
  }

  private static ConsoleServiceGrpc.ConsoleServiceStub stub(ManagedChannel channel, String token) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return ConsoleServiceGrpc.newStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Watch<Object> fleet(ManagedChannel channel, String token) {
    Watch w = new Watch<>();
    stub(channel, token).watchFleet(WatchFleetRequest.getDefaultInstance(), w);
    return w;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Watch<Object> snapshot(ManagedChannel channel, String token) {
    Watch w = new Watch<>();
    stub(channel, token).watchFleetSnapshot(WatchFleetSnapshotRequest.getDefaultInstance(), w);
    return w;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Watch<Object> runs(ManagedChannel channel, String token, String runId) {
    Watch w = new Watch<>();
    stub(channel, token).watchRuns(WatchRunsRequest.newBuilder().addRunIds(runId).build(), w);
    return w;
  }

  @Test
  void shouldRefuseTheWatchOverTheLimitUntilOneCloses() throws Exception {
    ManagedChannel ch = channel();
    List<Watch<Object>> open = new ArrayList<>();
    for (int i = 0; i < MAX; i++) {
      open.add(fleet(ch, admin).open());
    }

    Status refused = fleet(ch, admin).refusal();

    assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused.getDescription())
        .isEqualTo("too many watches open for this token (" + MAX + "); close one");
    assertThat(open).allSatisfy(w -> assertThat(w.closed).as("the open watches go on").isNotDone());

    open.get(0).cancel();
    Awaitility.await()
        .atMost(10, TimeUnit.SECONDS)
        .until(
            () -> {
              Watch<Object> again = fleet(ch, admin);
              boolean opened = again.first.await(2, TimeUnit.SECONDS);
              if (!opened) {
                again.cancel();
              }
              return opened;
            });
  }

  @Test
  void shouldCountTheWebConsolesFleetSnapshotWatchesInTheSameQuota() throws Exception {
    ManagedChannel ch = channel();
    List<Watch<Object>> open = new ArrayList<>();
    for (int i = 0; i < MAX - 1; i++) {
      open.add(fleet(ch, admin).open());
    }
    open.add(snapshot(ch, admin).open());

    Status refused = snapshot(ch, admin).refusal();

    assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(open).allSatisfy(w -> assertThat(w.closed).as("the open watches go on").isNotDone());
  }

  @Test
  void shouldCountRunAndFleetWatchesPerTokenSoAnotherUserIsNotAffected() throws Exception {
    ManagedChannel ch = channel();
    String viewer =
        ConsoleServiceGrpc.newBlockingStub(ch)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(admin)))
            .addUser(
                AddUserRequest.newBuilder()
                    .setName("ada")
                    .setRole(UserRole.USER_ROLE_VIEWER)
                    .build())
            .getToken();
    for (int i = 0; i < MAX; i++) {
      fleet(ch, admin).open();
    }

    assertThat(runs(ch, admin, "no-such-run").refusal().getCode())
        .as("WatchRuns counts against the same quota")
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    fleet(ch, viewer).open();
  }

  @Test
  void shouldFreeTheSlotOfAFailedWatchAndOfAConsoleThatWentAway() throws Exception {
    ManagedChannel ch = channel();
    for (int i = 0; i < 2 * MAX; i++) {
      Status s = runs(ch, admin, "no-such-run").refusal();
      assertThat(s.getCode()).as("watch %d of an unknown run", i).isEqualTo(Status.Code.NOT_FOUND);
    }
    ManagedChannel lost = channel();
    for (int i = 0; i < MAX; i++) {
      fleet(lost, admin).open();
    }
    assertThat(fleet(ch, admin).refusal().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);

    lost.shutdownNow(); // the console's connection drops without closing its calls

    Awaitility.await()
        .atMost(10, TimeUnit.SECONDS)
        .until(
            () -> {
              Watch<Object> again = fleet(ch, admin);
              return again.first.await(2, TimeUnit.SECONDS);
            });
  }

  private static Metadata bearer(String token) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return headers;
  }
}
