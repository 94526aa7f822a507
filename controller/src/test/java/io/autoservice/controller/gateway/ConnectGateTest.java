package io.autoservice.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnectGateTest {
  private final AtomicLong now = new AtomicLong(5_000_000_000L);

  @Test
  void shouldAdmitTheBurstThenGiveEachRefusalItsOwnLaterSlot() {
    ConnectGate gate = new ConnectGate(50, now::get, () -> 0.0);
    for (int i = 0; i < 50; i++) {
      assertThat(gate.admit()).as("connection %d of the burst", i).isEqualTo(-1);
    }

    List<Long> pushbacks = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      pushbacks.add(gate.admit());
    }

    // The first refused waits for the next token (20 ms); each later one one interval more.
    assertThat(pushbacks.get(0)).isEqualTo(20);
    assertThat(pushbacks.get(1)).isEqualTo(40);
    assertThat(pushbacks.get(249)).as("250 refused at 50/s spread over 5 s").isEqualTo(5_000);
  }

  @Test
  void shouldJitterTheSlotByUpToOneSecond() {
    ConnectGate gate = new ConnectGate(1, now::get, () -> 0.999);
    assertThat(gate.admit()).isEqualTo(-1);

    assertThat(gate.admit()).isEqualTo(1_000 + 999);
  }

  @Test
  void shouldForgetTheQueueOnceTheStormIsOver() {
    ConnectGate gate = new ConnectGate(10, now::get, () -> 0.0);
    for (int i = 0; i < 100; i++) {
      gate.admit();
    }
    now.addAndGet(TimeUnit.MINUTES.toNanos(5));
    for (int i = 0; i < 10; i++) {
      assertThat(gate.admit()).isEqualTo(-1);
    }

    assertThat(gate.admit()).as("a new refusal waits only for the next token").isEqualTo(100);
  }

  @Test
  void shouldNeverAskForMoreThanTheAgentHonours() {
    ConnectGate gate = new ConnectGate(1, now::get, () -> 0.5);
    long last = 0;
    for (int i = 0; i < 1_000; i++) {
      last = gate.admit();
    }

    assertThat(last).isEqualTo(ConnectGate.MAX_PUSHBACK_MS);
  }
}
