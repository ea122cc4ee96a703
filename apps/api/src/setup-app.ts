import { INestApplication, Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, urlencoded } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppConfig } from '@app/domain';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { requestId } from './common/request-id.middleware';
import { createValidationPipe } from './common/validation';

/** Everything the HTTP app needs besides its modules; used by main.ts and by the tests alike. */
export function setupApp(app: NestExpressApplication, config: AppConfig): INestApplication {
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(requestId);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // swagger-ui and Element Plus set inline styles
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          // the console is often served over plain http inside a government LAN: upgrading its requests to
          // https would leave it blank there
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  app.use(json({ limit: config.BODY_LIMIT }));
  app.use(urlencoded({ extended: false, limit: config.BODY_LIMIT }));
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());

  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('网格化管理服务平台 API')
      .setDescription('区网格化管理服务中心：组织架构、网格员名册、日抽查与考核、培训、网格事件、绩效自评')
      .setVersion('1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });

  const web = resolve(config.WEB_DIR);
  if (existsSync(join(web, 'index.html'))) {
    app.useStaticAssets(web, { index: false, maxAge: '1h' });
    // the console is a single-page app: unknown non-API paths serve its index
    app.use((req: { method: string; path: string }, res: { sendFile: (p: string) => void }, next: () => void) => {
      if (req.method === 'GET' && !req.path.startsWith('/api')) res.sendFile(join(web, 'index.html'));
      else next();
    });
    new Logger('Web').log(`serving the console from ${web}`);
  }
  return app;
}
