-- The result store of `dendrite sweep`: one SQLite file in WAL mode, written only by the sweep's
-- coordinator, read by `dendrite runs` and `dendrite report`. Schema version 1.
--
-- A run is one training of one configuration. Its key is the hex SHA-256 of
--   canonical config JSON + "\n" + dataset_hash + "\n" + framework_version
-- (canonical: keys sorted, no spaces), so the same configuration on the same data with the same
-- framework is the same row, and a rerun of a sweep finds it.

CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
-- Rows: ('format', 'dendrite-sweep-store'), ('schema_version', '1'),
--       ('created_at', ISO 8601 UTC), ('created_by', framework version of the creator).
-- A file without format = 'dendrite-sweep-store' is a foreign store and is refused.

CREATE TABLE IF NOT EXISTS sweeps (  -- one row per `dendrite sweep` invocation on this store
  id          INTEGER PRIMARY KEY,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  command     TEXT NOT NULL,         -- the command line
  host        TEXT NOT NULL,         -- the coordinator's host
  workers     INTEGER NOT NULL,      -- worker processes (local jobs or MPI ranks - 1)
  status      TEXT NOT NULL CHECK (status IN ('running', 'finished', 'interrupted', 'failed'))
);

-- The config JSON names its options as `dendrite train` does, with '_' for '-' (model, dendrites,
-- somata, synapses, layers, seed, input_noise, sequential, epochs, batch, optimizer, lr, dropout,
-- ...). `dendrite report` averages the runs whose config is equal once every key naming a seed is
-- left out, and finds the same configuration at another noise level or in the other task by
-- leaving out the keys naming noise, or the task and its epochs.
CREATE TABLE IF NOT EXISTS runs (
  run_key           TEXT PRIMARY KEY,
  config            TEXT NOT NULL,   -- every option that shapes the run, canonical JSON
  dataset           TEXT NOT NULL,   -- mnist, fashion-mnist, kmnist, emnist-<split>, cifar10, cifar100, idx
  dataset_hash      TEXT NOT NULL,   -- content hash of the training and test files
  framework_version TEXT NOT NULL,
  -- the configuration's main axes as columns (also in `config`)
  model       TEXT NOT NULL,         -- dann-r, dann-lrf, dann-grf, pdann, vann, vann-r, ..., mlp
  dendrites   INTEGER,               -- D per soma; NULL for mlp
  somata      INTEGER,               -- S; NULL for mlp
  synapses    INTEGER,               -- k; NULL where the variant has none (all-to-all or dense input)
  layers      INTEGER NOT NULL,      -- dendritic layers (mlp: hidden layers)
  seed        INTEGER NOT NULL,
  input_noise REAL NOT NULL DEFAULT 0,    -- sigma of the Gaussian input noise
  sequential  INTEGER NOT NULL DEFAULT 0, -- 1: the class-sorted sequential task
  epochs      INTEGER NOT NULL,      -- configured (maximum) epochs
  batch       INTEGER NOT NULL,
  optimizer   TEXT NOT NULL,
  lr          REAL NOT NULL,
  dropout     REAL NOT NULL DEFAULT 0,
  cost        REAL NOT NULL,         -- estimated relative cost (hand-out order, ETA)
  -- execution
  status      TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
  error       TEXT,                  -- message of the last failed attempt
  attempts    INTEGER NOT NULL DEFAULT 0,
  host        TEXT,                  -- where the last attempt ran
  rank        INTEGER,               -- MPI rank (or local worker index) of the last attempt
  created_at  TEXT NOT NULL,         -- UTC, ISO 8601
  started_at  TEXT,
  finished_at TEXT,
  -- results (NULL until done); the same meanings as in `dendrite train`'s summary.json
  params                   INTEGER,  -- trainable parameters
  epochs_run               INTEGER,  -- epochs actually run (early stopping may end sooner)
  train_loss               REAL,     -- last epoch
  train_accuracy           REAL,     -- 0..1
  val_loss                 REAL,     -- last epoch; NULL without a validation split
  val_accuracy             REAL,
  test_loss                REAL,
  test_accuracy            REAL,     -- 0..1
  best_epoch               INTEGER,  -- 1-based epoch of minimum validation loss
  best_val_loss            REAL,
  seconds_per_epoch        REAL,     -- training seconds per epoch
  train_samples_per_second REAL,
  wall_seconds             REAL      -- the whole run, data already loaded
);
CREATE INDEX IF NOT EXISTS runs_by_status ON runs (status);

CREATE TABLE IF NOT EXISTS epochs (  -- every run's per-epoch history
  run_key        TEXT NOT NULL REFERENCES runs (run_key) ON DELETE CASCADE,
  epoch          INTEGER NOT NULL,   -- 1-based
  train_loss     REAL,
  train_accuracy REAL,
  val_loss       REAL,               -- NULL without a validation split
  val_accuracy   REAL,
  lr             REAL,               -- learning rate used in this epoch
  seconds        REAL,               -- training seconds of this epoch
  PRIMARY KEY (run_key, epoch)
);
