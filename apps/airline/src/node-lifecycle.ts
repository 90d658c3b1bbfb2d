import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';

/** Logs the node's stop, with the signal that caused it. */
@Injectable()
export class NodeLifecycle implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Node');

  beforeApplicationShutdown(signal?: string): void {
    this.logger.log({ msg: 'Node stopping', signal: signal ?? 'none' });
  }

  onApplicationShutdown(signal?: string): void {
    this.logger.log({ msg: 'Node stopped', signal: signal ?? 'none' });
  }
}
