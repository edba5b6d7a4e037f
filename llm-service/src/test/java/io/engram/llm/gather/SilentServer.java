package io.engram.llm.gather;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP server that accepts connections and never answers: what a hung service looks like from outside.
 * Used to prove that per-call timeouts hold; no HTTP is faked.
 */
public final class SilentServer implements AutoCloseable {

  private final ServerSocket socket;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();

  public SilentServer() throws IOException {
    socket = new ServerSocket(0);
    Thread.ofVirtual().start(() -> {
      while (!socket.isClosed()) {
        try {
          accepted.add(socket.accept());
        } catch (IOException closed) {
          return;
        }
      }
    });
  }

  public String url() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  /** A URL where nothing listens (connection refused). */
  public static String closedUrl() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return "http://127.0.0.1:" + s.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket s : accepted) {
      s.close();
    }
  }
}
