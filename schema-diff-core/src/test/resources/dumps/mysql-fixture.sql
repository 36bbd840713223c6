-- The DDL that made mysql-8.0.31.sql and mysql-9.7.4.sql: run in an empty database `dumpfixture` on
-- MySQL 8.0.31 and on MySQL 9.7.4 as root@localhost, then, with mysqldump 9.7.4:
-- mysqldump --no-data --set-gtid-purged=OFF --routines --events --triggers dumpfixture
-- It holds what only MySQL 8 has: expression defaults, functional and multi-valued key parts,
-- invisible columns and indexes, generated columns over JSON paths, CHECK ... NOT ENFORCED,
-- a FULLTEXT parser, spatial columns with an SRID.
CREATE TABLE customers (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  email VARCHAR(191) NOT NULL,
  name VARCHAR(100) CHARACTER SET latin1 DEFAULT NULL COMMENT 'display name',
  status ENUM('active','closed') NOT NULL DEFAULT 'active',
  prefs JSON,
  external_id VARCHAR(36) DEFAULT (uuid()),
  greeting VARCHAR(40) DEFAULT (concat('it''s ', 'me')),
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME(3) DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP(3),
  nickname VARCHAR(40) INVISIBLE,
  city VARCHAR(60) AS (json_unquote(json_extract(prefs, '$.address.city'))) VIRTUAL,
  zip VARCHAR(10) AS (prefs ->> '$.address.zip') STORED,
  PRIMARY KEY (id),
  UNIQUE KEY (email),
  KEY by_name (name(20)),
  KEY lower_email ((lower(email))),
  KEY tags ((cast(prefs -> '$.tags' as unsigned array))),
  KEY by_city (city),
  KEY by_zip (zip),
  KEY by_status (status) INVISIBLE,
  CHECK (email <> ''),
  CONSTRAINT not_test CHECK (email NOT LIKE '%@test.invalid') NOT ENFORCED
) ENGINE=InnoDB AUTO_INCREMENT=100 DEFAULT CHARSET=utf8mb4 COMMENT='people';

CREATE TABLE orders (
  id BIGINT NOT NULL,
  customer_id INT UNSIGNED NOT NULL,
  placed DATE NOT NULL,
  total DECIMAL(10,2) NOT NULL DEFAULT 0,
  note TEXT,
  total_cents BIGINT AS (total * 100) VIRTUAL,
  PRIMARY KEY (id, placed),
  KEY by_placed (placed DESC),
  FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE
);

CREATE TABLE notes (
  id INT NOT NULL PRIMARY KEY,
  title VARCHAR(100),
  body TEXT,
  FULLTEXT KEY ft_body (body) WITH PARSER ngram,
  FULLTEXT KEY ft_title (title)
);

CREATE TABLE places (
  id INT NOT NULL PRIMARY KEY,
  location POINT NOT NULL SRID 4326,
  area POLYGON,
  SPATIAL KEY sp_location (location)
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
CREATE ALGORITHM=MERGE DEFINER=`root`@`localhost` SQL SECURITY INVOKER VIEW open_orders AS
  select `o`.`id` AS `id`,`c`.`email` AS `email` from (`orders` `o` join `customers` `c`
  on((`c`.`id` = `o`.`customer_id`))) where (`c`.`status` = 'active');

DELIMITER ;;
CREATE DEFINER=`root`@`localhost` TRIGGER orders_bi BEFORE INSERT ON orders FOR EACH ROW
  SET NEW.total = ROUND(NEW.total, 2);;

CREATE DEFINER=`root`@`localhost` PROCEDURE close_customer(IN p_id INT UNSIGNED)
  MODIFIES SQL DATA
BEGIN
  UPDATE customers SET status = 'closed' WHERE id = p_id;
END;;

CREATE DEFINER=`root`@`localhost` FUNCTION order_count(p_id INT UNSIGNED) RETURNS INT
  DETERMINISTIC READS SQL DATA
  RETURN (SELECT COUNT(*) FROM orders WHERE customer_id = p_id);;

CREATE DEFINER=`root`@`localhost` EVENT purge_log
  ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00'
  ON COMPLETION PRESERVE DISABLE COMMENT 'nightly'
  DO DELETE FROM events_log WHERE at < NOW() - INTERVAL 1 YEAR;;
DELIMITER ;
