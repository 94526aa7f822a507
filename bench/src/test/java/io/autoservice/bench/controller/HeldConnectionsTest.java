package io.autoservice.bench.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Connections a listening port holds, read from the kernel's TCP tables. */
class HeldConnectionsTest {
  @Test
  void countsTheEstablishedConnectionsOfOnePortOnly() throws Exception {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    try (ServerSocket a = new ServerSocket(0, 50, lo);
        ServerSocket b = new ServerSocket(0, 50, lo)) {
      List<Socket> open = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          open.add(new Socket(lo, a.getLocalPort()));
          open.add(a.accept());
        }
        open.add(new Socket(lo, b.getLocalPort()));
        open.add(b.accept());

        assertThat(HeldConnections.count(a.getLocalPort())).isEqualTo(3);
        assertThat(HeldConnections.count(b.getLocalPort())).isEqualTo(1);
      } finally {
        for (Socket s : open) {
          s.close();
        }
      }
    }
  }
}
