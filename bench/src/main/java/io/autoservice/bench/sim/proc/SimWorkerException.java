package io.autoservice.bench.sim.proc;

/** A simulator child process died or stopped answering: the bench cannot measure on. */
public final class SimWorkerException extends RuntimeException {
  public SimWorkerException(String message) {
    super(message);
  }
}
