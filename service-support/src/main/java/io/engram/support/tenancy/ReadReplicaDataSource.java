package io.engram.support.tenancy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * The service's data source when a read replica is configured: the primary pool for everything, and a second pool on
 * the replica for read-only transactions (Spring's {@link LazyConnectionDataSourceProxy} fetches the real connection
 * only once the transaction has said it is read-only, and then from the replica). The replica pool has the primary
 * pool's settings (user, password, sizes) with the replica's URL and a connection timeout of at most 1 s; it connects on
 * first use, so a service starts while its replica is still coming up. Closing it closes both pools.
 */
public final class ReadReplicaDataSource extends LazyConnectionDataSourceProxy implements AutoCloseable {

  private final HikariDataSource primary;
  private final HikariDataSource replica;

  public ReadReplicaDataSource(HikariDataSource primary, String replicaUrl) {
    super(primary);
    this.primary = primary;
    HikariConfig config = new HikariConfig();
    primary.copyStateTo(config);
    config.setJdbcUrl(replicaUrl);
    config.setPoolName((primary.getPoolName() == null ? "HikariPool" : primary.getPoolName()) + "-replica");
    config.setReadOnly(true);
    // a replica that is away costs a read at most a second before the primary serves it (TenantTransactions)
    config.setConnectionTimeout(Math.min(primary.getConnectionTimeout(), 1000));
    this.replica = new HikariDataSource();
    config.copyStateTo(this.replica);
    setReadOnlyDataSource(replica);
  }

  public HikariDataSource replica() {
    return replica;
  }

  @Override
  public void close() {
    replica.close();
    primary.close();
  }

  /**
   * Wraps the service's Hikari data source (the one Boot made from {@code spring.datasource.*}) with the replica at
   * {@code replicaUrl}.
   */
  public static BeanPostProcessor wrapping(String replicaUrl) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof HikariDataSource primary ? new ReadReplicaDataSource(primary, replicaUrl) : bean;
      }
    };
  }
}
