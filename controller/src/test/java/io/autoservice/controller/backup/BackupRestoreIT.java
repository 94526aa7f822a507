package io.autoservice.controller.backup;

import static io.autoservice.controller.backup.BackupRestoreTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.controller.server.ControllerServer;
import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.controller.store.Database;
import io.autoservice.controller.tls.TlsAgent;
import io.autoservice.proto.v1.AddUserRequest;
import io.autoservice.proto.v1.AgentIdList;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.CommandAck;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.CreateEnrollmentTokenRequest;
import io.autoservice.proto.v1.DispatchRequest;
import io.autoservice.proto.v1.GetReportRequest;
import io.autoservice.proto.v1.ListAgentsRequest;
import io.autoservice.proto.v1.ListUsersRequest;
import io.autoservice.proto.v1.UserInfo;
import io.autoservice.proto.v1.UserRole;
import io.autoservice.testsupport.Eventually;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup taken from a serving controller while an agent streams events into it, restored into a
 * new folder, and a controller started there: what the fleet relies on is still there and works.
 */
class BackupRestoreIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private ControllerServer start(Path data) throws Exception {
    ControllerServer s =
        ControllerServer.start(
            ControllerSettings.defaults().with("127.0.0.1:0", data).withWebListen(""),
            Clock.systemUTC());
    open.add(s);
    return s;
  }

  private ConsoleServiceGrpc.ConsoleServiceBlockingStub console(ControllerServer s, String token) {
    try {
      ManagedChannel c =
          NettyChannelBuilder.forAddress(
                  "127.0.0.1",
                  s.address().port(),
                  TlsChannelCredentials.newBuilder()
                      .trustManager(s.caFile().orElseThrow().toFile())
                      .build())
              .build();
      open.add(c::shutdownNow);
      return ConsoleServiceGrpc.newBlockingStub(c)
          .withCallCredentials(Bearer.of(token))
          .withDeadlineAfter(20, TimeUnit.SECONDS);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private TlsAgent agent(String id, ControllerServer s) {
    TlsAgent a = new TlsAgent(id, s.address().port(), s.caFile().orElseThrow());
    open.add(a);
    return a;
  }

  @Test
  void aControllerRestoredFromABackupTakenDuringIngestHasItsUsersTokensAgentsAndRuns()
      throws Exception {
    Path data = dir.resolve("data");
    ControllerServer original = start(data);
    String admin = Files.readString(original.adminTokenFile().orElseThrow()).strip();
    var asAdmin = console(original, admin);
    String viewer =
        asAdmin
            .addUser(
                AddUserRequest.newBuilder()
                    .setName("vera")
                    .setRole(UserRole.USER_ROLE_VIEWER)
                    .build())
            .getToken();
    String agentToken = enrolmentToken(asAdmin, 1);
    String spareToken = enrolmentToken(asAdmin, 1); // not used before the backup
    TlsAgent pc1 = agent("pc-1", original);
    pc1.enroll(agentToken);
    TlsAgent.Stream stream = pc1.open().hello("pc-1");
    assertThat(stream.next().hasWelcome()).isTrue();

    String finished = dispatch(asAdmin, stream);
    send(stream, finished, 1, new EventPayload.RunStarted(List.of("hello_service")));
    send(
        stream,
        finished,
        2,
        new EventPayload.RunFinished(
            new RunReport(
                finished, RunStatus.OK, List.of(), 0.5, Instant.now(), Json.object(), null)));
    awaitAck(stream, finished, 2);
    Path originalFolder =
        Eventually.until(
            "the finished run's report folder",
            WAIT,
            () -> reportFolder(data, finished),
            java.util.Objects::nonNull);

    String running = dispatch(asAdmin, stream);
    AtomicLong acked = new AtomicLong();
    AtomicLong sent = new AtomicLong();
    AtomicBoolean flooding = new AtomicBoolean(true);
    Thread flood = flood(stream, running, sent, acked, flooding);
    Eventually.until("the controller ingesting the flood", WAIT, () -> acked.get() >= 200);

    AtomicLong ackedBeforeSnapshot = new AtomicLong(-1);
    BackupWriter.Result backup =
        new BackupWriter(
                Clock.systemUTC(),
                line -> {
                  if (line.startsWith("snapshot of the database")) { // just before it is taken
                    ackedBeforeSnapshot.set(acked.get());
                  }
                })
            .write(data, dir.resolve("fleet.zip"), false);
    long sentAfterBackup = sent.get();
    Thread.sleep(300); // ingest goes on after the snapshot
    flooding.set(false);
    flood.join();

    long ackedBeforeBackup = ackedBeforeSnapshot.get();
    assertThat(ackedBeforeBackup).isPositive();
    assertThat(backup.manifest().entries())
        .extracting(Manifest.Entry::name)
        .contains("controller.db", "tls/ca.key");
    assertThat(acked.get())
        .as("ingest went on during and after the backup")
        .isGreaterThan(ackedBeforeBackup);
    BackupRestoreTest.Run onLive =
        cli(
            "restore",
            "--from",
            dir.resolve("fleet.zip").toString(),
            "--data",
            data.toString(),
            "--force");
    assertThat(onLive.exit()).as(onLive.err()).isEqualTo(1);
    assertThat(onLive.err()).contains("a controller is running on " + data.toAbsolutePath());
    original.close();

    Path restored = dir.resolve("restored");
    BackupRestoreTest.Run restore =
        cli(
            "restore",
            "--from",
            dir.resolve("fleet.zip").toString(),
            "--data",
            restored.toString());
    assertThat(restore.exit()).as(restore.err()).isZero();

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + Database.fileIn(restored));
        Statement s = c.createStatement()) {
      assertThat(scalar(s, "PRAGMA integrity_check")).isEqualTo("ok");
      long count =
          Long.parseLong(
              scalar(s, "SELECT count(*) FROM run_events WHERE run_id = '" + running + "'"));
      long max =
          Long.parseLong(
              scalar(
                  s,
                  "SELECT coalesce(max(seq), 0) FROM run_events WHERE run_id = '" + running + "'"));
      assertThat(max)
          .as("the run in progress holds every event acked before the backup, none sent after it")
          .isBetween(ackedBeforeBackup, sentAfterBackup);
      assertThat(count).as("and no gap").isEqualTo(max);
    }
    assertThat(Files.readString(restored.resolve("tls/ca.pem")))
        .isEqualTo(Files.readString(data.resolve("tls/ca.pem")));

    ControllerServer again = start(restored);
    var adminAgain = console(again, admin);
    assertThat(adminAgain.listUsers(ListUsersRequest.getDefaultInstance()).getUsersList())
        .extracting(UserInfo::getName)
        .contains("admin", "vera");
    assertThat(
            console(again, viewer)
                .listAgents(ListAgentsRequest.getDefaultInstance())
                .getAgentsList())
        .extracting(a -> a.getAgentId())
        .contains("pc-1");

    TlsAgent pc1Again = agent("pc-1", again);
    TlsAgent.Stream back =
        pc1Again.openWith(pc1.certificatePem, pc1.keys.getPrivate()).hello("pc-1");
    assertThat(back.next().hasWelcome())
        .as("pc-1's certificate is still trusted (same CA)")
        .isTrue();
    TlsAgent pc2 = agent("pc-2", again);
    assertThat(pc2.enroll(spareToken).getAgentId())
        .as("an enrolment token made before the backup")
        .isEqualTo("pc-2");
    assertThat(pc2.open().hello("pc-2").next().hasWelcome()).isTrue();

    var report = adminAgain.getReport(GetReportRequest.newBuilder().setRunId(finished).build());
    assertThat(report.getRun().getStatus())
        .isEqualTo(io.autoservice.proto.v1.RunStatus.RUN_STATUS_OK);
    Path folder =
        Eventually.until(
            "the finished run's report folder written again",
            WAIT,
            () -> reportFolder(restored, finished),
            java.util.Objects::nonNull);
    assertThat(folder.getFileName()).isEqualTo(originalFolder.getFileName());
    assertThat(folder.resolve("report.json")).isRegularFile();
  }

  private static String enrolmentToken(
      ConsoleServiceGrpc.ConsoleServiceBlockingStub admin, int uses) {
    return admin
        .createEnrollmentToken(
            CreateEnrollmentTokenRequest.newBuilder().setUses(uses).setTtlSeconds(3600).build())
        .getToken();
  }

  private static String dispatch(
      ConsoleServiceGrpc.ConsoleServiceBlockingStub admin, TlsAgent.Stream stream)
      throws Exception {
    String runId =
        admin
            .dispatch(
                DispatchRequest.newBuilder()
                    .setPlan(WireMapper.toProto(PlanParser.parse("[{\"type\":\"hello_service\"}]")))
                    .setAgentIds(AgentIdList.newBuilder().addIds("pc-1"))
                    .build())
            .getRuns(0)
            .getRunId();
    ControllerMessage m;
    do {
      m = stream.next();
    } while (!m.hasAssignRun());
    assertThat(m.getAssignRun().getRunId()).isEqualTo(runId);
    stream.out.onNext(
        AgentMessage.newBuilder()
            .setCommandAck(
                CommandAck.newBuilder()
                    .setRunId(runId)
                    .setCommand(CommandAck.Command.COMMAND_ASSIGN_RUN)
                    .setAccepted(true))
            .build());
    return runId;
  }

  private static void send(TlsAgent.Stream stream, String runId, long seq, EventPayload payload) {
    synchronized (stream) {
      stream.out.onNext(
          AgentMessage.newBuilder()
              .setRunEvent(WireMapper.toProto(new RunEvent(runId, seq, Instant.now(), payload)))
              .build());
    }
  }

  private static void awaitAck(TlsAgent.Stream stream, String runId, long seq) throws Exception {
    ControllerMessage m;
    do {
      m = stream.next();
    } while (!(m.hasEventAck()
        && m.getEventAck().getRunId().equals(runId)
        && m.getEventAck().getSequence() >= seq));
  }

  /**
   * The run's events as an agent streams a chatty task: as fast as the controller lets it, the acks
   * it gets back counted as they come.
   */
  private static Thread flood(
      TlsAgent.Stream stream, String runId, AtomicLong sent, AtomicLong acked, AtomicBoolean on) {
    Thread t =
        new Thread(
            () -> {
              send(stream, runId, 1, new EventPayload.RunStarted(List.of("hello_service")));
              send(stream, runId, 2, new EventPayload.TaskStarted(0, "hello_service", "t1"));
              long seq = 2;
              sent.set(seq);
              while (on.get()) {
                seq++;
                send(
                    stream,
                    runId,
                    seq,
                    new EventPayload.TaskOutput(
                        0, EventPayload.OutputSource.STDOUT, "line " + seq));
                sent.set(seq);
                ControllerMessage m;
                while ((m = stream.received.poll()) != null) {
                  if (m.hasEventAck() && m.getEventAck().getRunId().equals(runId)) {
                    acked.accumulateAndGet(m.getEventAck().getSequence(), Math::max);
                  }
                }
                if (seq - acked.get() > 200) {
                  sleep(); // an agent keeps a bounded window of unacked events
                }
              }
            },
            "flood");
    t.start();
    return t;
  }

  private static void sleep() {
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Path reportFolder(Path data, String runId) throws Exception {
    Path reports = data.resolve("reports");
    if (!Files.isDirectory(reports)) {
      return null;
    }
    try (Stream<Path> dirs = Files.list(reports)) {
      for (Path d : dirs.toList()) {
        Path meta = d.resolve("metadata.json");
        if (Files.isRegularFile(meta) && Files.readString(meta).contains(runId)) {
          return d;
        }
      }
    }
    return null;
  }

  private static String scalar(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
