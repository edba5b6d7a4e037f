package io.engram.memory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Engram's memory-service. */
@SpringBootApplication
public class MemoryApplication {

  public static void main(String[] args) {
    SpringApplication.run(MemoryApplication.class, args);
  }
}
