import { HttpException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { AppModule } from 'src/app.module';
import { registerCompression } from 'src/common/compression';
import { answerClientError, HttpExceptionFilter, sendError } from 'src/common/http-exception.filter';
import { createValidationPipe } from 'src/common/validation';
import { registerViews } from 'src/common/views';
import { AppConfig, servedOverHttps } from 'src/config/app-config';
import { createLogger, PinoNestLogger } from 'src/logging/logger';
import { PublicCacheFastPath } from 'src/public-cache/public-cache.fast-path';
import { registerPublicCache } from 'src/public-cache/public-cache.hooks';
import { PublicCacheService } from 'src/public-cache/public-cache.service';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Ratsinfo API')
    .setDescription('The council office API: structure, meetings, agendas, papers, decisions of a municipality.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
}

/** Builds the application the same way for the server, the scripts and the tests. */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<NestFastifyApplication> {
  const logger = createLogger(config.log.level);
  const fastPath = new PublicCacheFastPath();
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // Cache hits are answered on the HTTP server before Fastify sees them (PublicCacheFastPath).
    serverFactory: fastPath.serverFactory,
    // Take the caller's request id when it looks like one, so logs line up across services.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    trustProxy: config.http.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    // Portal addresses end in a slash (`/lindenbach/`); Nest strips it from route paths.
    routerOptions: { ignoreTrailingSlash: true },
    // The router refuses over-long path parameters (414) and undecodable addresses (400) before
    // Nest sees the request; answer those like every other error, with the request id.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const status: number = error.statusCode ?? 400;
      const message = status === 414 ? 'A part of the address is too long' : 'The address is not valid';
      sendError(request, reply, new HttpException(message, status));
    },
    // Node itself refuses request heads over 16 KiB and broken request lines.
    clientErrorHandler: answerClientError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, databaseUrl), adapter, {
    logger: new PinoNestLogger(logger),
  });
  await app.register(fastifyCookie);
  // Uploads: one file per request, spooled to disk by src/files; the size limit makes the stream fail early.
  await app.register(fastifyMultipart, {
    limits: { fileSize: config.storage.maxUploadBytes, files: 1, fields: 20, fieldSize: 10_000, parts: 25 },
  });
  // Portal form posts (login, logout) carry a token checked against this cookie's secret.
  // Form bodies are parsed by Nest's own urlencoded parser, so @fastify/formbody is not registered.
  await app.register(fastifyCsrf, {
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: servedOverHttps(config) },
  });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        // Municipalities' logos may live on their own web sites; no other source is widened.
        'img-src': ["'self'", 'data:', 'https:'],
        // Only for a site served over HTTPS. On a plain-HTTP installation (a trial on the local
        // network) the browser would turn its own addresses into https:// ones that nothing
        // answers: a redirect to the login page, met by the offline copy's background refresh
        // after a logout, failed with ERR_SSL_PROTOCOL_ERROR.
        'upgrade-insecure-requests': servedOverHttps(config) ? [] : null,
      },
    },
  });
  await registerViews(app);
  app
    .getHttpAdapter()
    .getInstance()
    // A callback, not async: this runs on every answer, cache hits included, and a promise per request shows.
    .addHook('onSend', (request, reply, payload, done) => {
      void reply.header('x-request-id', request.id);
      done(null, payload);
    });
  // After cookies and helmet: the cache needs the session cookie, and replayed answers get the
  // security headers of their own request.
  registerPublicCache(app.getHttpAdapter().getInstance(), app.get(PublicCacheService));
  // Last of the onSend hooks, so it compresses the bytes that are finally sent.
  registerCompression(app.getHttpAdapter().getInstance());
  fastPath.attach(app.get(PublicCacheService), logger);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/openapi.json' });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
