package io.autoservice.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GrpcCleanupExtensionTest {
  private final GrpcCleanupExtension grpc = new GrpcCleanupExtension();

  @Test
  void whatATestRegistersIsShutDownAfterIt() throws Exception {
    String name = InProcessServerBuilder.generateName();
    grpc.beforeEach(null);
    Server server = grpc.register(InProcessServerBuilder.forName(name).build().start());
    ManagedChannel channel = grpc.register(InProcessChannelBuilder.forName(name).build());

    grpc.afterEach(null);

    assertThat(server.isTerminated()).isTrue();
    assertThat(channel.isTerminated()).isTrue();
  }

  @Test
  void whatWasRegisteredBeforeAnyTestLastsUntilTheClassIsDone() throws Exception {
    Server shared =
        grpc.register(
            InProcessServerBuilder.forName(InProcessServerBuilder.generateName()).build().start());
    grpc.beforeEach(null);
    grpc.afterEach(null);
    assertThat(shared.isShutdown()).isFalse();

    grpc.afterAll(null);

    assertThat(shared.isTerminated()).isTrue();
  }

  @Test
  void aServerThatOwnsItsGrpcServerClosesAfterTheChannelsRegisteredAfterIt() throws Exception {
    List<String> seen = new ArrayList<>();
    grpc.beforeEach(null);
    String name = InProcessServerBuilder.generateName();
    Server inner = InProcessServerBuilder.forName(name).build().start();
    ManagedChannel[] channel = new ManagedChannel[1];
    grpc.register(
        (AutoCloseable)
            () -> {
              seen.add("server closed; channel shut down: " + channel[0].isShutdown());
              inner.shutdownNow();
            });
    channel[0] = grpc.register(InProcessChannelBuilder.forName(name).build());

    grpc.afterEach(null);

    assertThat(seen).containsExactly("server closed; channel shut down: true");
  }

  @Test
  void aFailingCloseStillLetsTheRestShutDownAndFailsTheTest() throws Exception {
    grpc.beforeEach(null);
    String name = InProcessServerBuilder.generateName();
    Server server = grpc.register(InProcessServerBuilder.forName(name).build().start());
    grpc.register(
        (AutoCloseable)
            () -> {
              throw new IllegalStateException("database already gone");
            });

    assertThatThrownBy(() -> grpc.afterEach(null)).hasMessage("database already gone");
    assertThat(server.isTerminated()).isTrue();
  }

  @Test
  void aChannelThatDoesNotTerminateFailsTheTestByName() throws Exception {
    grpc.beforeEach(null);
    grpc.register(new StuckChannel());

    assertThatThrownBy(() -> grpc.afterEach(null))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("not terminated")
        .hasMessageContaining("stuck-channel");
  }

  /** A channel whose shutdown never completes. */
  private static final class StuckChannel extends ManagedChannel {
    @Override
    public ManagedChannel shutdown() {
      return this;
    }

    @Override
    public boolean isShutdown() {
      return true;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public ManagedChannel shutdownNow() {
      return this;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return false;
    }

    @Override
    public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String authority() {
      return "stuck";
    }

    @Override
    public String toString() {
      return "stuck-channel";
    }
  }
}
