-- The DDL that made mariadb-10.11.sql: run in an empty database on MariaDB 10.11 as
-- root@127.0.0.1, then: mariadb-dump --no-data --routines --events --triggers <database>
CREATE TABLE customers (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  email VARCHAR(191) NOT NULL,
  name VARCHAR(100) CHARACTER SET latin1 DEFAULT NULL COMMENT 'display name',
  status ENUM('active','closed') NOT NULL DEFAULT 'active',
  prefs JSON,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME(3) DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY (email),
  KEY by_name (name(20)),
  CHECK (email <> '')
) ENGINE=InnoDB AUTO_INCREMENT=100 DEFAULT CHARSET=utf8mb4 COMMENT='people';

CREATE TABLE orders (
  id BIGINT NOT NULL,
  customer_id INT UNSIGNED NOT NULL,
  placed DATE NOT NULL,
  total DECIMAL(10,2) NOT NULL DEFAULT 0,
  note TEXT,
  total_cents BIGINT AS (total * 100) VIRTUAL,
  PRIMARY KEY (id, placed),
  FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE
);

CREATE TABLE order_items (
  order_id BIGINT NOT NULL,
  line SMALLINT NOT NULL,
  sku CHAR(8) NOT NULL,
  qty INT NOT NULL DEFAULT 1 CHECK (qty > 0),
  PRIMARY KEY (order_id, line),
  CONSTRAINT fk_items_order FOREIGN KEY (order_id) REFERENCES orders (id)
);

CREATE TABLE events_log (
  id BIGINT NOT NULL,
  at DATETIME NOT NULL,
  PRIMARY KEY (id, at)
) PARTITION BY RANGE (YEAR(at)) (
  PARTITION p2024 VALUES LESS THAN (2025),
  PARTITION pmax VALUES LESS THAN MAXVALUE
);

-- Written as the server stores it: it rewrites a view's query, which the model keeps as text.
CREATE DEFINER=`root`@`127.0.0.1` VIEW open_orders AS select `o`.`id` AS `id`,`c`.`email` AS
  `email` from (`orders` `o` join `customers` `c` on(`c`.`id` = `o`.`customer_id`))
  where `c`.`status` = 'active';

DELIMITER ;;
CREATE DEFINER=`root`@`127.0.0.1` TRIGGER orders_bi BEFORE INSERT ON orders FOR EACH ROW
  SET NEW.total = ROUND(NEW.total, 2);;

CREATE DEFINER=`root`@`127.0.0.1` PROCEDURE close_customer(IN p_id INT UNSIGNED)
  MODIFIES SQL DATA
BEGIN
  UPDATE customers SET status = 'closed' WHERE id = p_id;
END;;

CREATE DEFINER=`root`@`127.0.0.1` FUNCTION order_count(p_id INT UNSIGNED) RETURNS INT
  DETERMINISTIC READS SQL DATA
  RETURN (SELECT COUNT(*) FROM orders WHERE customer_id = p_id);;

CREATE DEFINER=`root`@`127.0.0.1` EVENT purge_log
  ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00'
  ON COMPLETION PRESERVE DISABLE COMMENT 'nightly'
  DO DELETE FROM events_log WHERE at < NOW() - INTERVAL 1 YEAR;;
DELIMITER ;
