import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseConfig } from './config/database.config.js';
import { typeOrmOptions } from './database/typeorm-options.js';
import { ENTITIES } from './entities.js';

/** For the TypeORM CLI (`npx typeorm -d dist/src/data-source.js migration:show`). */
export default new DataSource(typeOrmOptions(databaseConfig.read(process.env), ENTITIES));
