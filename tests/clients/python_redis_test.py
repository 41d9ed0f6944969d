"""Debian's python3-redis (redis-py 4.3) against the server on RINGKV_PORT.

Run by python_redis_test.sh with /usr/bin/python3: the `python3` on PATH may
be another interpreter that does not see Debian's package.

RESP3 is not checked: redis-py 4.3 speaks RESP2 only (its Redis() has no
`protocol` argument; RESP3 arrived in redis-py 5.0).
"""

import os
import threading
import unittest

import redis

PORT = int(os.environ["RINGKV_PORT"])


class ClientTestCase(unittest.TestCase):
    def setUp(self):
        self.pool = redis.ConnectionPool(host="127.0.0.1", port=PORT, max_connections=16)
        self.r = redis.Redis(connection_pool=self.pool)
        self.r.flushall()

    def tearDown(self):
        self.pool.disconnect()


class ConnectionPoolTest(ClientTestCase):
    def test_threads_share_a_pool(self):
        """8 threads, 300 INCRs each on one counter plus their own keys."""
        errors = []

        def work(thread_id):
            try:
                for i in range(300):
                    self.r.incr("shared-counter")
                    self.r.set(f"thread:{thread_id}:{i}", i)
                    if self.r.get(f"thread:{thread_id}:{i}") != str(i).encode():
                        errors.append(f"thread {thread_id} read back a wrong value at {i}")
            except redis.RedisError as error:
                errors.append(f"thread {thread_id}: {error!r}")

        threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual(errors, [])
        self.assertEqual(self.r.get("shared-counter"), b"2400")
        self.assertEqual(self.r.dbsize(), 8 * 300 + 1)
        # Connections are reused: at most one per thread plus the main one.
        self.assertLessEqual(self.pool._created_connections, 9)

    def test_error_replies_raise(self):
        self.r.set("text", "abc")
        with self.assertRaises(redis.ResponseError) as caught:
            self.r.incr("text")
        self.assertEqual(str(caught.exception), "value is not an integer or out of range")
        self.r.rpush("list", "a")
        with self.assertRaises(redis.ResponseError) as caught:
            self.r.get("list")
        self.assertEqual(str(caught.exception),
                         "WRONGTYPE Operation against a key holding the wrong kind of value")


class PipelineTest(ClientTestCase):
    def test_pipeline_without_transaction(self):
        pipe = self.r.pipeline(transaction=False)
        for i in range(1000):
            pipe.set(f"key:{i}", f"value:{i}")
        self.assertEqual(pipe.execute(), [True] * 1000)
        pipe = self.r.pipeline(transaction=False)
        for i in range(0, 1000, 100):
            pipe.get(f"key:{i}")
        pipe.get("missing")
        self.assertEqual(pipe.execute(), [f"value:{i}".encode() for i in range(0, 1000, 100)] + [None])

    def test_pipeline_error_in_the_middle(self):
        self.r.set("text", "abc")
        pipe = self.r.pipeline(transaction=False)
        pipe.incr("number").incr("text").incr("number")
        results = pipe.execute(raise_on_error=False)
        self.assertEqual(results[0], 1)
        self.assertIsInstance(results[1], redis.ResponseError)
        self.assertEqual(results[2], 2)


class TransactionTest(ClientTestCase):
    """MULTI/EXEC and WATCH through redis-py's transactional pipeline."""

    def test_transaction_pipeline(self):
        pipe = self.r.pipeline(transaction=True)
        pipe.set("a", 1).incr("a").incrby("a", 10).get("a")
        self.assertEqual(pipe.execute(), [True, 2, 12, b"12"])

    def test_watch_conflict_aborts(self):
        self.r.set("balance", 100)
        with self.r.pipeline(transaction=True) as pipe:
            pipe.watch("balance")
            balance = int(pipe.get("balance"))
            self.r.set("balance", 0)  # another client changes the watched key
            pipe.multi()
            pipe.set("balance", balance - 10)
            with self.assertRaises(redis.WatchError):
                pipe.execute()
        self.assertEqual(self.r.get("balance"), b"0")

    def test_transaction_helper_retries(self):
        self.r.set("stock", 5)

        def take_one(pipe):
            stock = int(pipe.get("stock"))
            pipe.multi()
            pipe.set("stock", stock - 1)

        self.r.transaction(take_one, "stock")
        self.assertEqual(self.r.get("stock"), b"4")


class TypesTest(ClientTestCase):
    def test_strings_and_binary_values(self):
        value = bytes(range(256))
        self.assertTrue(self.r.set("binary", value))
        self.assertEqual(self.r.get("binary"), value)
        self.assertTrue(self.r.set("temp", "x", ex=100))
        self.assertIn(self.r.ttl("temp"), (99, 100))
        self.assertEqual(self.r.mget("binary", "missing", "temp"), [value, None, b"x"])
        self.assertIsNone(self.r.set("temp", "y", nx=True))
        self.assertEqual(self.r.incrbyfloat("float", 1.5), 1.5)
        self.assertEqual(self.r.append("temp", "yz"), 3)

    def test_decoded_responses(self):
        r = redis.Redis(host="127.0.0.1", port=PORT, decode_responses=True)
        r.set("greeting", "héllo")
        self.assertEqual(r.get("greeting"), "héllo")
        self.assertEqual(r.strlen("greeting"), 6)
        r.close()

    def test_hash(self):
        self.assertEqual(self.r.hset("user", mapping={"name": "ada", "age": 36}), 2)
        self.assertEqual(self.r.hgetall("user"), {b"name": b"ada", b"age": b"36"})
        self.assertEqual(self.r.hincrby("user", "age", 1), 37)
        self.assertEqual(self.r.hmget("user", "name", "none"), [b"ada", None])

    def test_list(self):
        self.assertEqual(self.r.rpush("queue", "a", "b", "c"), 3)
        self.assertEqual(self.r.lpush("queue", "z"), 4)
        self.assertEqual(self.r.lrange("queue", 0, -1), [b"z", b"a", b"b", b"c"])
        self.assertEqual(self.r.lpop("queue"), b"z")
        self.assertEqual(self.r.llen("queue"), 3)

    def test_set(self):
        self.assertEqual(self.r.sadd("tags", "x", "y", "z", "x"), 3)
        self.assertEqual(self.r.smembers("tags"), {b"x", b"y", b"z"})
        self.assertTrue(self.r.sismember("tags", "y"))
        self.r.sadd("other", "y", "w")
        self.assertEqual(self.r.sinter("tags", "other"), {b"y"})

    def test_sorted_set(self):
        self.assertEqual(self.r.zadd("board", {"ann": 3.5, "bob": 1, "cat": 2}), 3)
        self.assertEqual(self.r.zrange("board", 0, -1, withscores=True),
                         [(b"bob", 1.0), (b"cat", 2.0), (b"ann", 3.5)])
        self.assertEqual(self.r.zscore("board", "ann"), 3.5)
        self.assertEqual(self.r.zrevrank("board", "bob"), 2)

    def test_scan_iter_and_keys(self):
        for i in range(250):
            self.r.set(f"scan:{i}", i)
        self.r.set("other", 1)
        found = list(self.r.scan_iter(match="scan:*", count=20))
        self.assertEqual(len(found), 250)
        self.assertEqual(set(found), {f"scan:{i}".encode() for i in range(250)})
        self.assertEqual(self.r.exists("scan:1", "scan:2", "nope"), 2)
        self.assertEqual(self.r.delete("scan:1", "nope"), 1)
        self.assertEqual(self.r.type("other"), b"string")


if __name__ == "__main__":
    unittest.main(verbosity=2)
