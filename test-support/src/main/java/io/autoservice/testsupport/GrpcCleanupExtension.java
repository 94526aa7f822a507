package io.autoservice.testsupport;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Shuts down the gRPC servers and channels a test registers, the JUnit 5 counterpart of grpc-java's
 * {@code GrpcCleanupRule}: {@code shutdownNow} on each (last registered first), then waits for each
 * to terminate, and fails the test if one does not within {@link #TERMINATION}. What is registered
 * during a test (or its {@code @BeforeEach}) goes after that test; what a {@code static} extension
 * gets in {@code @BeforeAll} goes after the class.
 *
 * <pre>{@code @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
 * ManagedChannel channel = grpc.register(InProcessChannelBuilder.forName(name).build());}</pre>
 */
public final class GrpcCleanupExtension
    implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  /** How long each server or channel gets to terminate after {@code shutdownNow}. */
  public static final Duration TERMINATION = Duration.ofSeconds(5);

  private final Deque<Resource> perClass = new ArrayDeque<>();
  private final Deque<Resource> perTest = new ArrayDeque<>();
  private boolean inTest;

  /** Shuts {@code channel} down after the test. */
  public <T extends ManagedChannel> T register(T channel) {
    add(new Resource(channel.toString(), channel::shutdownNow, channel::awaitTermination));
    return channel;
  }

  /** Shuts {@code server} down after the test. */
  public <T extends Server> T register(T server) {
    add(new Resource(server.toString(), server::shutdownNow, server::awaitTermination));
    return server;
  }

  private synchronized void add(Resource r) {
    (inTest ? perTest : perClass).push(r);
  }

  @Override
  public synchronized void beforeEach(ExtensionContext context) {
    inTest = true;
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    List<Resource> mine;
    synchronized (this) {
      inTest = false;
      mine = drain(perTest);
    }
    release(mine);
  }

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    List<Resource> mine;
    synchronized (this) {
      mine = drain(perClass);
    }
    release(mine);
  }

  private static List<Resource> drain(Deque<Resource> from) {
    List<Resource> out = new ArrayList<>(from);
    from.clear();
    return out;
  }

  /** Shuts everything down first, so one slow channel does not delay the others' shutdown. */
  private static void release(List<Resource> resources) throws InterruptedException {
    for (Resource r : resources) {
      r.shutdownNow.run();
    }
    List<String> stuck = new ArrayList<>();
    long end = System.nanoTime() + TERMINATION.toNanos();
    for (Resource r : resources) {
      long left = Math.max(0, end - System.nanoTime());
      if (!r.awaitTermination.await(left, TimeUnit.NANOSECONDS)) {
        stuck.add(r.name);
      }
    }
    if (!stuck.isEmpty()) {
      throw new AssertionError("not terminated within " + TERMINATION + " of shutdownNow: " + stuck);
    }
  }

  @FunctionalInterface
  private interface Await {
    boolean await(long timeout, TimeUnit unit) throws InterruptedException;
  }

  private record Resource(String name, Runnable shutdownNow, Await awaitTermination) {}
}
