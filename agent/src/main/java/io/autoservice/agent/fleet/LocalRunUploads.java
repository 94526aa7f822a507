package io.autoservice.agent.fleet;

import io.autoservice.common.text.SafeText;
import io.autoservice.common.wire.LocalRunWire;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.LocalRunAck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads the reports {@code agent run --sync} left in the {@link LocalRunOutbox}, one at a time:
 * after each Welcome the oldest goes out as a {@code LocalRunReport}; its file is deleted when the
 * controller's {@code LocalRunAck} arrives, and the next one follows. A stream that ends before the
 * ack leaves the file in place, so the next Welcome sends it again (the controller dedupes). One in
 * flight keeps memory to one report, and uploads are rare enough that their speed is moot.
 *
 * <p>The outbox is looked at again on every heartbeat, so a report queued while {@code connect}
 * runs (a technician's {@code agent run --sync} on the same data folder) goes out within one
 * heartbeat interval.
 *
 * <p>Confined to the stream context: not thread-safe.
 */
final class LocalRunUploads {
  private static final Logger log = LoggerFactory.getLogger(LocalRunUploads.class);

  private final LocalRunOutbox outbox;

  /** Files that failed to read for a reason other than their content; retried next session. */
  private final Set<Path> unreadable = new HashSet<>();

  private ControllerStream stream;
  private Path inFlight;
  private String inFlightId;

  /**
   * @param outbox where the reports wait; null for a client that uploads nothing
   */
  LocalRunUploads(LocalRunOutbox outbox) {
    this.outbox = outbox;
  }

  /** A stream was welcomed: whatever was in flight on an older one is sent again. */
  void welcomed(ControllerStream s) {
    stream = s;
    inFlight = null;
    inFlightId = null;
    unreadable.clear();
    sendNext();
  }

  /** Heartbeat time: picks up reports queued since the last look. */
  void poll(ControllerStream s) {
    if (s == stream) {
      sendNext();
    }
  }

  /** The controller answered an upload on stream {@code s}. */
  void acked(ControllerStream s, LocalRunAck ack) {
    if (s != stream || inFlightId == null || !inFlightId.equals(ack.getLocalRunId())) {
      log.warn(
          "The controller acknowledged local run {}, which this agent is not uploading; ignored",
          SafeText.line(ack.getLocalRunId()));
      return;
    }
    Path file = inFlight;
    inFlight = null;
    inFlightId = null;
    try {
      if (ack.getAccepted()) {
        outbox.delete(file);
        log.info(
            "Local run {} uploaded: the controller archived it as run {}",
            ack.getLocalRunId(),
            SafeText.line(ack.getRunId()));
        if (!ack.getError().isEmpty()) {
          log.warn(
              "Local run {}: the controller kept the report but not all of it: {}",
              ack.getLocalRunId(),
              SafeText.line(ack.getError()));
        }
      } else {
        Path aside = outbox.setAside(file, LocalRunOutbox.REFUSED_SUFFIX);
        log.warn(
            "The controller refused local run {} ({}); its report is kept as {}",
            ack.getLocalRunId(),
            SafeText.line(ack.getError()),
            aside);
      }
    } catch (IOException e) {
      // Left in place, it is uploaded again next session and the controller acks the duplicate.
      log.warn(
          "Local run {}: cannot remove {} after the ack: {}",
          ack.getLocalRunId(),
          file,
          e.toString());
      unreadable.add(file);
    }
    sendNext();
  }

  private void sendNext() {
    if (outbox == null || stream == null || inFlight != null || stream.isFinished()) {
      return;
    }
    try {
      for (Path file : outbox.pending()) {
        if (unreadable.contains(file)) {
          continue;
        }
        LocalRunOutbox.Entry entry;
        try {
          entry = outbox.read(file);
        } catch (LocalRunOutbox.CorruptException e) {
          Path aside = outbox.setAside(file, LocalRunOutbox.CORRUPT_SUFFIX);
          log.warn("Outbox: {}; not uploaded, kept as {}", e.getMessage(), aside);
          continue;
        } catch (IOException e) {
          log.warn(
              "Outbox: cannot read {}: {}; trying again after the next reconnect",
              file,
              e.toString());
          unreadable.add(file);
          continue;
        }
        inFlight = file;
        inFlightId = entry.run().localRunId();
        log.info("Uploading local run {} (finished {})", inFlightId, entry.run().finishedAt());
        stream.queue(
            AgentMessage.newBuilder().setLocalRunReport(LocalRunWire.toProto(entry.run())).build());
        return;
      }
    } catch (IOException e) {
      log.warn("Outbox: cannot list {}: {}", outbox.path(), e.toString());
    }
  }
}
