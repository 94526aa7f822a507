package io.autoservice.controller.gateway;

import io.autoservice.controller.errors.Statuses;
import io.autoservice.controller.limits.TokenBucket;
import io.autoservice.controller.metrics.RefusalCounter;
import io.autoservice.controller.model.Refusal;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits new agent {@code Connect} streams at a bounded rate, so a reconnect storm (every agent of
 * the fleet coming back after a controller restart) does not bury the controller in Hellos,
 * registry writes and run redeliveries at once. It sits in front of the gateway as an interceptor,
 * before any message is read, so a refusal costs next to nothing.
 *
 * <p>The excess is refused with {@code RESOURCE_EXHAUSTED} and a {@value #PUSHBACK_HEADER} trailer
 * (the agent honours it, up to 10 minutes). Refused agents are given places in a queue: each
 * refusal takes the next free slot of a timeline that advances by one connection interval ({@code 1
 * / perSecond}) per refusal, plus up to {@value #JITTER_MS} ms of jitter, so a storm of N agents
 * comes back spread over about N / perSecond seconds instead of all at once again. Only {@code
 * Connect} is gated; other gateway methods pass.
 */
public final class ConnectGate implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger(ConnectGate.class);

  /** The standard gRPC retry pushback trailer; the agent reads the same key (StreamCloseKind). */
  public static final String PUSHBACK_HEADER = "grpc-retry-pushback-ms";

  static final Metadata.Key<String> RETRY_PUSHBACK_MS =
      Metadata.Key.of(PUSHBACK_HEADER, Metadata.ASCII_STRING_MARSHALLER);
  static final long JITTER_MS = 1_000;

  /** The agent caps pushback at 10 minutes; asking for more would only make the tail come early. */
  static final long MAX_PUSHBACK_MS = TimeUnit.MINUTES.toMillis(10);

  private static final String CONNECT = AgentGatewayGrpc.getConnectMethod().getFullMethodName();

  private final int perSecond;
  private final RefusalCounter refusals;
  private final TokenBucket bucket;
  private final LongSupplier ticker;
  private final DoubleSupplier random;
  private final long slotNanos;
  private long nextSlot; // guarded by this
  private long refused; // guarded by this

  /** Production: system ticker and random jitter. */
  public ConnectGate(int perSecond) {
    this(perSecond, RefusalCounter.NONE);
  }

  /** Production, counting each refused connection as a {@code storm} refusal. */
  public ConnectGate(int perSecond, RefusalCounter refusals) {
    this(perSecond, System::nanoTime, () -> ThreadLocalRandom.current().nextDouble(), refusals);
  }

  /**
   * @param perSecond new streams admitted per second, with a burst of one second's worth
   * @param ticker nanoseconds, as for {@link TokenBucket}
   * @param random values in [0, 1) for the jitter
   */
  ConnectGate(int perSecond, LongSupplier ticker, DoubleSupplier random) {
    this(perSecond, ticker, random, RefusalCounter.NONE);
  }

  private ConnectGate(
      int perSecond, LongSupplier ticker, DoubleSupplier random, RefusalCounter refusals) {
    this.perSecond = perSecond;
    this.refusals = refusals;
    this.bucket = new TokenBucket(perSecond, perSecond, ticker);
    this.ticker = ticker;
    this.random = random;
    this.slotNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
    this.nextSlot = ticker.getAsLong();
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    if (!CONNECT.equals(call.getMethodDescriptor().getFullMethodName())) {
      return next.startCall(call, headers);
    }
    long pushbackMs = admit();
    if (pushbackMs < 0) {
      return next.startCall(call, headers);
    }
    refusals.refused("storm");
    Metadata trailers = new Metadata();
    trailers.put(RETRY_PUSHBACK_MS, Long.toString(pushbackMs));
    call.close(
        Statuses.of(
            Refusal.resourceExhausted(
                "controller busy: admitting at most "
                    + perSecond
                    + " agent connections per second; retry in "
                    + pushbackMs
                    + " ms")),
        trailers);
    return new ServerCall.Listener<>() {};
  }

  /** -1 to admit now, else the pushback in milliseconds for a refused connection. */
  long admit() {
    long wait = bucket.tryTake();
    if (wait == 0) {
      return -1;
    }
    long now = ticker.getAsLong();
    long slot;
    long count;
    synchronized (this) {
      slot = Math.max(nextSlot, now + wait);
      nextSlot = slot + slotNanos;
      count = ++refused;
    }
    if (count == 1 || count % 1_000 == 0) {
      log.info(
          "reconnect storm: {} agent connections refused so far (limit {}/s)", count, perSecond);
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(slot - now) + (long) (random.getAsDouble() * JITTER_MS);
    return Math.min(Math.max(ms, 1), MAX_PUSHBACK_MS);
  }
}
