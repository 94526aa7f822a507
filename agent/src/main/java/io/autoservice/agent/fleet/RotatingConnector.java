package io.autoservice.agent.fleet;

import static java.util.Objects.requireNonNull;

import io.grpc.ManagedChannel;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** {@link ControllerConnector#rotating}: confined to the client's stream context. */
final class RotatingConnector implements ControllerConnector {
  private final ControllerEndpoints endpoints;
  private final Function<ControllerEndpoints.Endpoint, ManagedChannel> channels;
  private ManagedChannel current;

  RotatingConnector(
      ControllerEndpoints endpoints,
      Function<ControllerEndpoints.Endpoint, ManagedChannel> channels) {
    this.endpoints = requireNonNull(endpoints, "endpoints");
    this.channels = requireNonNull(channels, "channels");
  }

  @Override
  public Optional<Attempt> open() {
    shutdownCurrent();
    return endpoints
        .pick()
        .map(
            endpoint -> {
              current = channels.apply(endpoint);
              return new Attempt(current, endpoint.toString());
            });
  }

  @Override
  public boolean ended(Attempt attempt) {
    if (attempt != null && attempt.channel() == current) {
      shutdownCurrent();
    }
    return endpoints.failed();
  }

  @Override
  public void welcomed(Attempt attempt) {
    endpoints.welcomed();
  }

  /** Lets a stream just half-closed reach the controller (briefly), then closes its channel. */
  @Override
  public void close() {
    ManagedChannel last;
    synchronized (this) {
      last = current;
      current = null;
    }
    if (last != null) {
      try {
        last.shutdown().awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      last.shutdownNow();
    }
  }

  private synchronized void shutdownCurrent() {
    if (current != null) {
      current.shutdownNow();
      current = null;
    }
  }
}
