// ioredis (version locked in package-lock.json) against the server on
// RINGKV_PORT, with the client's default options: pipelines, MULTI/EXEC and
// automatic reconnection after the server restarts on the same port and dir.
//
// The restart is done by ioredis_test.sh, which owns the server process:
// this script asks for it with SIGUSR1 to RINGKV_CONTROL_PID.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const Redis = require('ioredis');

const port = Number(process.env.RINGKV_PORT);
const controlPid = Number(process.env.RINGKV_CONTROL_PID);

function connect(options = {}) {
  return new Redis({ host: '127.0.0.1', port, ...options });
}

test('pipeline of 500 SETs then GETs', async () => {
  const redis = connect();
  try {
    await redis.flushall();
    const sets = redis.pipeline();
    for (let i = 0; i < 500; i++) sets.set(`key:${i}`, `value:${i}`);
    const setResults = await sets.exec();
    assert.equal(setResults.length, 500);
    assert.ok(setResults.every(([error, reply]) => error === null && reply === 'OK'));

    const gets = redis.pipeline();
    for (let i = 0; i < 500; i += 50) gets.get(`key:${i}`);
    gets.get('missing');
    const values = (await gets.exec()).map(([error, reply]) => (error ? error.message : reply));
    const expected = [];
    for (let i = 0; i < 500; i += 50) expected.push(`value:${i}`);
    assert.deepEqual(values, [...expected, null]);
  } finally {
    redis.disconnect();
  }
});

test('an error reply inside a pipeline leaves the other commands alone', async () => {
  const redis = connect();
  try {
    await redis.set('text', 'abc');
    await redis.del('number');
    const results = await redis.pipeline().incr('number').incr('text').incr('number').exec();
    assert.deepEqual(results[0], [null, 1]);
    assert.equal(results[1][0].message, 'ERR value is not an integer or out of range');
    assert.deepEqual(results[2], [null, 2]);
  } finally {
    redis.disconnect();
  }
});

test('commands of several types', async () => {
  const redis = connect();
  try {
    await redis.flushall();
    assert.equal(await redis.hset('user', { name: 'ada', age: '36' }), 2);
    assert.deepEqual(await redis.hgetall('user'), { name: 'ada', age: '36' });
    assert.equal(await redis.rpush('queue', 'a', 'b', 'c'), 3);
    assert.deepEqual(await redis.lrange('queue', 0, -1), ['a', 'b', 'c']);
    assert.equal(await redis.sadd('tags', 'x', 'y', 'x'), 2);
    assert.deepEqual((await redis.smembers('tags')).sort(), ['x', 'y']);
    assert.equal(await redis.zadd('board', 3.5, 'ann', 1, 'bob'), 2);
    assert.deepEqual(await redis.zrange('board', 0, -1, 'WITHSCORES'), ['bob', '1', 'ann', '3.5']);
    const binary = Buffer.from([0, 1, 2, 255, 254, 13, 10]);
    assert.equal(await redis.set('binary', binary), 'OK');
    assert.deepEqual(await redis.getBuffer('binary'), binary);
    await assert.rejects(redis.get('queue'), {
      message: 'WRONGTYPE Operation against a key holding the wrong kind of value',
    });
  } finally {
    redis.disconnect();
  }
});

// MULTI/EXEC and WATCH through ioredis's multi().
test('MULTI/EXEC through multi()', async () => {
  const redis = connect();
  try {
    const results = await redis.multi().set('counter', 1).incr('counter').get('counter').exec();
    assert.deepEqual(results, [[null, 'OK'], [null, 2], [null, '2']]);
  } finally {
    redis.disconnect();
  }
});

test('MULTI/EXEC after WATCH of a key changed by another client returns null', async () => {
  const redis = connect();
  const other = connect();
  try {
    await redis.set('balance', 100);
    await redis.watch('balance');
    await other.set('balance', 0);
    const results = await redis.multi().set('balance', 90).exec();
    assert.equal(results, null);
    assert.equal(await redis.get('balance'), '0');
  } finally {
    redis.disconnect();
    other.disconnect();
  }
});

// Resolves when `emitter` emits `event`, rejects after `ms` milliseconds.
function once(emitter, event, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${event}' within ${ms} ms`)), ms);
    emitter.once(event, (...args) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

test('reconnects by itself after a server restart, and the data is still there', async () => {
  const redis = connect();
  // Refused connection attempts while the server is down are expected here.
  redis.on('error', () => {});
  try {
    await once(redis, 'ready', 10000);
    await redis.set('survivor', 'still here');
    await redis.rpush('survivor-list', 'a', 'b');
    const closed = once(redis, 'close', 30000);
    process.kill(controlPid, 'SIGUSR1');
    await closed;
    // Sent while disconnected: ioredis queues it until it has reconnected.
    const reply = redis.get('survivor');
    reply.catch(() => {}); // awaited below; this keeps an early failure from being "unhandled"
    await once(redis, 'ready', 60000);
    assert.equal(await reply, 'still here');
    assert.deepEqual(await redis.lrange('survivor-list', 0, -1), ['a', 'b']);
    assert.equal(await redis.set('after-restart', '1'), 'OK');
  } finally {
    redis.disconnect();
  }
});
