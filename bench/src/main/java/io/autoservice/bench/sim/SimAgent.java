package io.autoservice.bench.sim;

import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.AssignRun;
import io.autoservice.proto.v1.CommandAck;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.EventAck;
import io.autoservice.proto.v1.RunEvent;
import io.autoservice.proto.v1.Welcome;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One simulated agent: its own channel (TCP + TLS with its own certificate) and one Connect stream
 * at a time, speaking the protocol as the real agent does: Hello with its open runs, heartbeats at
 * the Welcome's interval, CommandAck for every AssignRun (again for a redelivered one), events in
 * sequence with at most {@code window} unacked, resend after the Welcome's acked sequence on a new
 * stream, and reconnects with the real agent's backoff. Everything runs under this object's lock,
 * called from the transport thread or the fleet's timer; nothing here blocks.
 */
public final class SimAgent {
  private static final int TAKEN_MEMORY = 64;
  private static final int DELIVERED_MEMORY = 8;

  private final Identity id;
  private final SimFleet fleet;
  private final ManagedChannel channel;
  private final Backoff backoff = new Backoff();
  private final LinkedHashMap<String, SimRun> open = new LinkedHashMap<>();

  /** Runs fully acked, still listed in Hello until a Welcome confirms the controller holds them. */
  private final LinkedHashMap<String, Integer> delivered = new LinkedHashMap<>();

  /** Run ids already taken (bounded: the controller redelivers only recent assignments). */
  private final LinkedHashMap<String, Boolean> taken =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
          return size() > TAKEN_MEMORY;
        }
      };

  private ClientCallStreamObserver<AgentMessage> out;
  private int generation;
  private boolean welcomed;
  private int welcomedEpoch = -1;
  private ScheduledFuture<?> heartbeat;
  private boolean stopped;

  SimAgent(Identity id, SimFleet fleet, ManagedChannel channel) {
    this.id = id;
    this.fleet = fleet;
    this.channel = channel;
  }

  public String agentId() {
    return id.agentId();
  }

  synchronized void start() {
    openStream();
  }

  /** Ends the stream and the channel; no reconnect. */
  synchronized void stop() {
    stopped = true;
    cancelHeartbeat();
    if (out != null) {
      out.cancel("bench finished", null);
      out = null;
    }
    channel.shutdownNow();
  }

  /** The new stream's request side, set by {@link StreamResponder#beforeStart} inside connect(). */
  synchronized void streamStarting(int gen, ClientCallStreamObserver<AgentMessage> requestStream) {
    if (gen == generation) {
      out = requestStream;
    }
  }

  private void openStream() {
    if (stopped) {
      return;
    }
    int gen = ++generation;
    welcomed = false;
    channel.resetConnectBackoff(); // as the real agent: its own backoff decides, not the channel's
    AgentGatewayGrpc.newStub(channel)
        .connect(new StreamResponder(this, gen)); // beforeStart sets `out`
    out.onNext(hello());
  }

  private AgentMessage hello() {
    Map<String, Long> runs = new LinkedHashMap<>();
    open.values().forEach(r -> runs.put(r.runId, (long) r.generated()));
    delivered.forEach((run, last) -> runs.put(run, (long) last));
    return AgentMessages.hello(id, fleet.taskTypes(), runs);
  }

  synchronized void received(int gen, ControllerMessage m) {
    if (gen != generation || stopped) {
      return;
    }
    switch (m.getKindCase()) {
      case WELCOME -> welcome(gen, m.getWelcome());
      case ASSIGN_RUN -> assign(m.getAssignRun());
      case EVENT_ACK -> eventAck(m.getEventAck());
      case CANCEL_RUN ->
          send(
              AgentMessages.commandAck(
                  m.getCancelRun().getRunId(), CommandAck.Command.COMMAND_CANCEL_RUN));
      default -> {} // certificates and local-run acks: the simulator never asks for them
    }
    pump();
  }

  private void welcome(int gen, Welcome w) {
    welcomed = true;
    backoff.reset(); // as the real agent: only once the controller answered
    fleet.counters().welcomes.increment();
    fleet.counters().online.incrementAndGet();
    if (welcomedEpoch != fleet.epoch()) {
      welcomedEpoch = fleet.epoch();
      fleet.counters().welcomedThisEpoch.incrementAndGet();
    }
    Map<String, Long> acked = new HashMap<>();
    w.getAckedList().forEach(a -> acked.put(a.getRunId(), a.getSequence()));
    for (Iterator<SimRun> it = open.values().iterator(); it.hasNext(); ) {
      SimRun r = it.next();
      Long seq = acked.get(r.runId);
      if (seq == null) {
        it.remove(); // the controller does not know the run: PROTOCOL.md says drop it
        continue;
      }
      fleet.counters().eventsAcked.add(r.ack(seq));
      r.rewindTo(seq);
      if (r
          .delivered()) { // the controller committed the rest before it went away; only the ack was
        // lost
        it.remove();
        remember(r);
      }
    }
    delivered
        .entrySet()
        .removeIf(e -> !acked.containsKey(e.getKey()) || acked.get(e.getKey()) >= e.getValue());
    long period = Math.max(1, w.getHeartbeatIntervalSeconds()) * 1000L;
    heartbeat =
        fleet
            .scheduler()
            .scheduleAtFixedRate(
                () -> beat(gen),
                ThreadLocalRandom.current().nextLong(period),
                period,
                TimeUnit.MILLISECONDS);
  }

  private void assign(AssignRun a) {
    send(AgentMessages.commandAck(a.getRunId(), CommandAck.Command.COMMAND_ASSIGN_RUN));
    if (taken.containsKey(a.getRunId())) {
      return; // redelivered after a reconnect: acked again, not run twice
    }
    taken.put(a.getRunId(), Boolean.TRUE);
    fleet.counters().assignsAcked.increment();
    SimRun run = new SimRun(a.getRunId(), fleet.script(a.getRunId(), a.getPlan()));
    open.put(run.runId, run);
    if (!fleet.holdUntilGate(this, run)) {
      begin(run);
    }
  }

  /** Starts playing a run (called at once, or when the bench opens its gate). */
  synchronized void begin(SimRun run) {
    if (stopped || run.started()) {
      return;
    }
    run.markStarted();
    if (fleet.eventIntervalMillis() <= 0) {
      while (run.generateNext()) {
        // the whole run is in the journal at once; the window paces the sending
      }
      pump();
    } else {
      long spread = fleet.startSpreadMillis();
      generateLater(run, spread > 0 ? ThreadLocalRandom.current().nextLong(spread) : 0);
    }
  }

  private void generateLater(SimRun run, long delayMillis) {
    fleet
        .scheduler()
        .schedule(
            () -> {
              synchronized (this) {
                if (!stopped && run.generateNext()) {
                  pump();
                  generateLater(run, fleet.eventIntervalMillis());
                }
              }
            },
            delayMillis,
            TimeUnit.MILLISECONDS);
  }

  private void eventAck(EventAck a) {
    SimRun r = open.get(a.getRunId());
    if (r == null) {
      return;
    }
    fleet.counters().eventsAcked.add(r.ack(a.getSequence()));
    if (r.delivered()) {
      open.remove(r.runId);
      remember(r);
    }
  }

  /** A run the controller holds entirely: listed in Hello until a Welcome confirms it. */
  private void remember(SimRun r) {
    delivered.put(r.runId, r.last());
    if (delivered.size() > DELIVERED_MEMORY) {
      delivered.remove(delivered.keySet().iterator().next());
    }
    fleet.counters().runsDelivered.increment();
  }

  /** Sends what the window and the transport allow. */
  private void pump() {
    if (!welcomed || out == null) {
      return;
    }
    long inFlight = 0;
    for (SimRun r : open.values()) {
      inFlight += r.inFlight();
    }
    for (SimRun r : open.values()) {
      RunEvent e;
      while (inFlight < fleet.window() && out.isReady() && (e = r.peekUnsent()) != null) {
        long seq = r.nextSequence();
        if (r.firstSend(seq)) {
          fleet.counters().eventsSent.increment();
          fleet.sendTimes().stamp(r.runId, seq, System.nanoTime());
        } else {
          fleet.counters().eventsResent.increment();
        }
        out.onNext(AgentMessage.newBuilder().setRunEvent(e).build());
        r.sentOne();
        inFlight++;
      }
    }
  }

  private synchronized void beat(int gen) {
    if (gen != generation || !welcomed || out == null) {
      return;
    }
    String current =
        open.values().stream().filter(SimRun::started).map(r -> r.runId).findFirst().orElse("");
    send(AgentMessages.heartbeat(current));
  }

  synchronized void readyAgain(int gen) {
    if (gen == generation) {
      pump();
    }
  }

  synchronized void closed(int gen, Status status, Metadata trailers) {
    if (gen != generation) {
      return;
    }
    FleetCounters c = fleet.counters();
    if (welcomed) {
      c.online.decrementAndGet();
    } else {
      String why = String.valueOf(status.getDescription());
      String key = status.getCode() + " " + why.substring(0, Math.min(60, why.length()));
      c.failedBeforeWelcome.computeIfAbsent(key, k -> new LongAdder()).increment();
    }
    c.disconnects.increment();
    c.lastCloseCode.set(status.getCode().value());
    if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
      c.pushbacks.increment();
    }
    cancelHeartbeat();
    out = null;
    long delay = ReconnectPolicy.delayNanos(status, trailers, welcomed, backoff);
    welcomed = false;
    if (stopped) {
      return;
    }
    if (delay == ReconnectPolicy.NEVER) {
      stopped = true;
      c.stopped.incrementAndGet();
      fleet.stoppedFor(id.agentId(), status);
      return;
    }
    // Always through the timer, even for "at once": never reopen from inside a transport callback.
    fleet
        .scheduler()
        .schedule(
            () -> {
              synchronized (this) {
                if (gen == generation) {
                  openStream();
                }
              }
            },
            delay,
            TimeUnit.NANOSECONDS);
  }

  private void send(AgentMessage m) {
    if (out != null) {
      out.onNext(m);
    }
  }

  private void cancelHeartbeat() {
    if (heartbeat != null) {
      heartbeat.cancel(false);
      heartbeat = null;
    }
  }
}
