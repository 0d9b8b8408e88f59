import { createServer, type Server } from 'node:net';
import { freePort, freePortBlock, listeningPorts } from './service-process';

// As RabbitMQ listens on 25672 on these machines, inside the range the tests draw ports from.
describe('free ports for services under test', () => {
  const PORTS_FROM = 20_000;
  const PORTS_TO = 32_000;
  let server: Server;
  let port = 0;

  beforeAll(async () => {
    server = createServer();
    port = freePortBlock(10);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => jest.restoreAllMocks());

  it('sees a port something listens on', () => {
    expect(listeningPorts().has(port)).toBe(true);
  });

  it('draws again when the drawn port is listened on', () => {
    // The first draw lands on the listened port, the second on the next one.
    const draws = [(port - PORTS_FROM) / (PORTS_TO - PORTS_FROM), (port + 1 - PORTS_FROM + 0.5) / (PORTS_TO - PORTS_FROM)];
    jest.spyOn(Math, 'random').mockImplementation(() => draws.shift() ?? 0.5);
    expect(freePort()).toBe(port + 1);
  });

  it('draws another block when a port of the drawn block is listened on', () => {
    const blocks = Math.floor((PORTS_TO - PORTS_FROM - 8) / 10);
    const draws = [((port - PORTS_FROM) / 10 + 0.5) / blocks, ((port - PORTS_FROM) / 10 + 1.5) / blocks];
    jest.spyOn(Math, 'random').mockImplementation(() => draws.shift() ?? 0.5);
    expect(freePortBlock(8)).toBe(port + 10);
  });
});
