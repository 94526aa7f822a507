package io.autoservice.agent.tasks.ai.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrowserLocksTest {
  @TempDir Path tmp;

  @Test
  void shouldSeeARunningChromiumByItsSingletonLink() throws Exception {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"), "symbolic links");
    Files.createSymbolicLink(
        tmp.resolve("SingletonLock"), Path.of("workshop-pc-" + ProcessHandle.current().pid()));

    assertThat(BrowserLocks.heldLock(tmp, BrowserLocks.CHROMIUM))
        .contains(tmp.resolve("SingletonLock"));
  }

  @Test
  void shouldIgnoreALinkLeftByABrowserThatIsGone() throws Exception {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"), "symbolic links");
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    Files.createSymbolicLink(tmp.resolve("SingletonLock"), Path.of("workshop-pc-" + p.pid()));
    Files.createSymbolicLink(tmp.resolve("lock"), Path.of("127.0.1.1:+" + p.pid()));

    assertThat(BrowserLocks.heldLock(tmp, BrowserLocks.CHROMIUM)).isEmpty();
    assertThat(BrowserLocks.heldLock(tmp, BrowserLocks.FIREFOX)).isEmpty();
  }

  @Test
  void shouldSeeALockFileThatIsHeldAndIgnoreOneThatIsNot() throws Exception {
    Path parentLock = Files.createFile(tmp.resolve(".parentlock"));
    assertThat(BrowserLocks.heldLock(tmp, BrowserLocks.FIREFOX)).isEmpty();

    try (FileChannel ch = FileChannel.open(parentLock, StandardOpenOption.WRITE);
        FileLock held = ch.lock()) {
      assertThat(BrowserLocks.heldLock(tmp, BrowserLocks.FIREFOX)).contains(parentLock);
    }
    assertThat(BrowserLocks.heldLock(tmp, BrowserLocks.FIREFOX)).isEmpty();
  }

  @Test
  void shouldFindNoLockInAFolderWithout() {
    assertThat(BrowserLocks.heldLock(tmp, BrowserLocks.CHROMIUM)).isEmpty();
    assertThat(BrowserLocks.heldLock(tmp.resolve("missing"), BrowserLocks.FIREFOX)).isEmpty();
  }
}
