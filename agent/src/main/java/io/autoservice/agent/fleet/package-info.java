/**
 * Fleet mode: the agent's side of {@code AgentGateway.Connect} (proto/PROTOCOL.md).
 *
 * <p>Parts, outside in: {@link io.autoservice.agent.fleet.ControllerChannels} builds the channel
 * (transport security and keepalive live there only); {@link
 * io.autoservice.agent.fleet.FleetClient} owns the stream, its reconnects and heartbeats, and is
 * the only writer on it; {@link io.autoservice.agent.fleet.FleetRunner} runs assigned plans one at
 * a time with the same executor as {@code agent run}; a {@link
 * io.autoservice.agent.fleet.RunJournal} holds every run event until the controller acknowledges it
 * ({@link io.autoservice.agent.fleet.FileRunJournal} on disk, fsync'd, capped); {@link
 * io.autoservice.agent.fleet.TakenRuns} and {@link io.autoservice.agent.fleet.AgentDataDir} keep
 * what must survive a restart; {@link io.autoservice.agent.fleet.RunRecovery} closes, or resumes,
 * the runs a crash or reboot interrupted, before the client connects.
 *
 * <p>Delivery, end to end: the run thread maps each event with {@code WireMapper}, appends it to
 * the journal (which fsyncs it) and nudges the stream context; the stream context writes journal
 * events while the transport is ready (and again from onReady); EventAck drops events; a run leaves
 * the journal when its RunFinished is acknowledged. After a reconnect, Hello lists the journal's
 * runs, Welcome says what the controller holds of each, and the client resends everything after
 * that, in order.
 *
 * <p>Threads: {@code fleet-stream} (the stream context), {@code fleet-run} (the plan), the
 * executor's task threads, and the injected timer (reconnects, heartbeats).
 */
package io.autoservice.agent.fleet;
