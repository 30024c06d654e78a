// The one composition root: opens the store and builds the domain services on it.
import { Directory } from '../domain/directory.js';
import { IncidentService } from '../domain/incident-service.js';
import { systemClock, type Clock } from '../domain/ports.js';
import { resolvePaths, type DataPaths } from '../config/paths.js';
import { openDatabase, type Db } from '../store/db.js';
import { SecretBox } from '../store/secrets.js';
import { SettingsRepo } from '../store/settings-repo.js';
import { SqliteUnitOfWork } from '../store/unit-of-work.js';

export interface Core {
  paths: DataPaths;
  db: Db;
  settings: SettingsRepo;
  secrets: SecretBox;
  incidents: IncidentService;
  directory: Directory;
  clock: Clock;
  close(): void;
}

export function openCore(env: NodeJS.ProcessEnv = process.env, clock: Clock = systemClock): Core {
  const paths = resolvePaths(env);
  const db = openDatabase(paths.database);
  const secrets = SecretBox.fromEnvironment(env, paths.keyFile);
  const uow = new SqliteUnitOfWork(db);
  return {
    paths,
    db,
    secrets,
    settings: new SettingsRepo(db, secrets),
    incidents: new IncidentService(uow, clock),
    directory: new Directory(uow, clock),
    clock,
    close: () => db.close(),
  };
}
