package dev.opskit.testing.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TcpConnectionsTest {

  @Test
  void readsIpv4AddressesFromProcNetTcp() {
    assertThat(TcpConnections.address("0100007F:1538")).isEqualTo("127.0.0.1:5432");
  }

  @Test
  void showsIpv4MappedIpv6AddressesAsIpv4() {
    assertThat(TcpConnections.address("0000000000000000FFFF00000100007F:0CEA"))
        .isEqualTo("127.0.0.1:3306");
  }

  @Test
  void readsIpv6AddressesWordByWord() {
    assertThat(TcpConnections.address("B80D0120000000000000000001000000:0CEA"))
        .isEqualTo("[2001:0db8:0000:0000:0000:0000:0000:0001]:3306");
  }
}
