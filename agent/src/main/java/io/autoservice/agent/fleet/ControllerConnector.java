package io.autoservice.agent.fleet;

import static java.util.Objects.requireNonNull;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import java.util.Optional;
import java.util.function.Function;

/**
 * Gives {@link FleetClient} a channel for each connect attempt and learns how the attempt ended:
 * the one place that knows whether the agent has one controller address or several.
 */
public interface ControllerConnector extends AutoCloseable {
  /** One connect attempt: the channel to open the stream on, and the address it goes to. */
  record Attempt(Channel channel, String address) {}

  /** A channel for the next attempt, or empty when no address can be tried (none resolves). */
  Optional<Attempt> open();

  /**
   * The attempt's stream ended (or it never opened one).
   *
   * @return true when every address has failed in turn since the last Welcome
   */
  boolean ended(Attempt attempt);

  /** The controller behind the attempt welcomed the agent. */
  void welcomed(Attempt attempt);

  /** Releases the channels. */
  @Override
  void close();

  /**
   * One channel, owned by the caller, for every attempt: the agent as it was before addresses could
   * be listed (and the tests' in-process controller).
   */
  static ControllerConnector fixed(Channel channel) {
    requireNonNull(channel, "channel");
    Attempt only = new Attempt(channel, channel.authority());
    return new ControllerConnector() {
      @Override
      public Optional<Attempt> open() {
        if (channel instanceof ManagedChannel managed) {
          // Our backoff decides when to try: the channel's own (up to 2 min) would otherwise keep
          // a connection from being attempted long after the controller is back.
          managed.resetConnectBackoff();
        }
        return Optional.of(only);
      }

      @Override
      public boolean ended(Attempt attempt) {
        return true;
      }

      @Override
      public void welcomed(Attempt attempt) {}

      @Override
      public void close() {}
    };
  }

  /**
   * Each attempt on the next of {@code endpoints}, over a channel of its own made by {@code
   * channels} and shut down when the attempt ends, so a dead replica's connection is never reused.
   */
  static ControllerConnector rotating(
      ControllerEndpoints endpoints,
      Function<ControllerEndpoints.Endpoint, ManagedChannel> channels) {
    return new RotatingConnector(endpoints, channels);
  }
}
