package io.autoservice.console.run;

import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.protocol.ClassicProtocolPrinter;
import io.autoservice.console.render.ReportOutput;
import io.autoservice.console.view.RunRow;
import java.time.Duration;

/**
 * Feeds a remote run's events to the classic printer, as {@code agent run} feeds its executor's:
 * the report goes to stdout right before the printer writes {@code PROGRESS_JSON_FINAL}. What the
 * controller says about the run itself (queued, sent, reconnects) becomes free log lines.
 */
public final class RemoteRunListener implements RunWatcher.Listener {
  private final ClassicProtocolPrinter printer;
  private final ReportOutput output;
  private final RunRow dispatched;
  private RunRow.State shown;

  RemoteRunListener(ClassicProtocolPrinter printer, ReportOutput output, RunRow dispatched) {
    this.printer = printer;
    this.output = output;
    this.dispatched = dispatched;
  }

  @Override
  public void onState(RunRow run) {
    if (run.state() == shown) {
      return;
    }
    shown = run.state();
    switch (run.state()) {
      case QUEUED ->
          printer.log(
              "Run queued on the controller: waiting for "
                  + dispatched.machine()
                  + " to be online and free");
      case ASSIGNED -> printer.log("Run sent to " + dispatched.machine());
      default -> {}
    }
  }

  @Override
  public void onEvent(RunEvent event, RunRow run) {
    if (event.payload() instanceof EventPayload.RunFinished f) {
      output.write(f.report(), printer);
    }
    printer.accept(event);
  }

  @Override
  public void onResync(String runId, long lastDelivered) {
    printer.log(
        "The console fell behind; the controller replays the run after event " + lastDelivered);
  }

  @Override
  public void onReconnect(String why, Duration wait) {
    printer.log("Lost the controller (" + why + "); reconnecting in " + wait.toSeconds() + "s");
  }
}
