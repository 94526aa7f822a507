package io.autoservice.controller.crash;

import io.autoservice.proto.v1.AgentIdList;
import io.autoservice.proto.v1.CancelRunRequest;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.DispatchRequest;
import io.autoservice.proto.v1.DispatchResponse;
import io.autoservice.proto.v1.Plan;
import io.autoservice.proto.v1.RunSummary;
import io.autoservice.proto.v1.Task;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A technician hammering the controller: dispatches to a few agents at a time and cancels some of
 * what it dispatched. Every answer that came back is written in the ledger: it was acknowledged.
 */
final class ConsoleLoad implements Runnable {
  private final ManagedChannel channel;
  private final List<String> agents;
  private final AckLedger ledger;
  private volatile String token;
  private volatile boolean running = true;

  ConsoleLoad(ManagedChannel channel, List<String> agents, AckLedger ledger) {
    this.channel = channel;
    this.agents = agents;
    this.ledger = ledger;
  }

  void token(String token) {
    this.token = token;
  }

  void stop() {
    running = false;
  }

  @Override
  public void run() {
    Plan.Builder plan = Plan.newBuilder();
    CrashAgent.TASKS.forEach(t -> plan.addTasks(Task.newBuilder().setType(t)));
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (running) {
      try {
        Metadata auth = new Metadata();
        auth.put(
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        var stub =
            ConsoleServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth))
                .withDeadlineAfter(5, TimeUnit.SECONDS);
        AgentIdList.Builder targets = AgentIdList.newBuilder();
        for (int i = 0; i < 3; i++) {
          targets.addIds(agents.get(random.nextInt(agents.size())));
        }
        DispatchResponse r =
            stub.dispatch(DispatchRequest.newBuilder().setPlan(plan).setAgentIds(targets).build());
        r.getRunsList().stream().map(RunSummary::getRunId).forEach(ledger.dispatched::add);
        if (random.nextInt(4) == 0) {
          String victim = r.getRuns(0).getRunId();
          stub.cancelRun(
              CancelRunRequest.newBuilder().setRunId(victim).setReason("crash test").build());
          ledger.cancelled.add(victim);
        }
        Thread.sleep(20);
      } catch (StatusRuntimeException e) {
        pause(); // the controller is down or refused: nothing was acked
        channel.resetConnectBackoff(); // try again now, not after the channel's growing backoff
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
