import {
  CallHandler,
  CanActivate,
  Controller,
  Get,
  Header,
  Injectable,
  NestInterceptor,
  Param,
  ParseIntPipe,
  Post,
  Query,
  UseGuards,
  UseInterceptors,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import type { Observable } from 'rxjs';
import { CurrentPrincipal } from '../identity/current-principal.decorator';
import type { Principal } from '../identity/principal';
import { Public } from '../identity/public.decorator';
import { Form, MultipartForm, MultipartInterceptor } from '../http/multipart';
import { HotRoute } from '../http/hot-route.decorator';
import { SecretsV1Controller } from '../secrets/secrets-v1.controller';
import { SecretsV2Controller } from '../secrets/secrets-v2.controller';
import { describeHotRoute, HotRouteRefused, hotRoutesOf } from './hot-route-table';

@Injectable()
class ExtraGuard implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

@Injectable()
class ExtraInterceptor implements NestInterceptor {
  intercept(_: unknown, next: CallHandler): Observable<unknown> {
    return next.handle();
  }
}

@Controller('api/v1/org/:orgName/thing')
class Fixture {
  @Get(':name') @HotRoute() plain(@CurrentPrincipal() p: Principal, @Param('name') name: string) {
    return { p, name };
  }
  @Post() @HotRoute() @UseInterceptors(MultipartInterceptor) form(@Form() form: MultipartForm) {
    return form;
  }
  @Get(':name/guarded') @HotRoute() @UseGuards(ExtraGuard) guarded(@Param('name') name: string) {
    return name;
  }
  @Get(':name/intercepted') @HotRoute() @UseInterceptors(ExtraInterceptor) intercepted(@Param('name') name: string) {
    return name;
  }
  @Get(':name/piped') @HotRoute() @UsePipes(ValidationPipe) piped(@Param('name') name: string) {
    return name;
  }
  @Get(':id/number') @HotRoute() numbered(@Param('id', ParseIntPipe) id: number) {
    return id;
  }
  @Get(':name/query') @HotRoute() queried(@Query('q') q: string) {
    return q;
  }
  @Get(':name/public') @HotRoute() @Public() open(@Param('name') name: string) {
    return name;
  }
  @Get(':name/header') @HotRoute() @Header('X-Extra', '1') headed(@Param('name') name: string) {
    return name;
  }
  @Post(':name/form-unread') @HotRoute() formWithoutInterceptor(@Form() form: MultipartForm) {
    return form;
  }
}

@Controller('api/guarded')
@UseGuards(ExtraGuard)
class GuardedFixture {
  @Get() @HotRoute() get(@CurrentPrincipal() p: Principal) {
    return p;
  }
}

const describe_ = (controller: new () => object, method: string) =>
  describeHotRoute(controller, method, () => undefined);

describe('hot route table', () => {
  it('derives method, path, status and arguments from the Nest metadata', () => {
    const plain = describe_(Fixture, 'plain');
    expect(plain).toMatchObject({ method: 'GET', template: '/api/v1/org/:orgName/thing/:name', status: 200 });
    expect(plain.args).toEqual([{ from: 'principal' }, { from: 'param', name: 'name' }]);
    expect(plain.match('/api/v1/org/a%2Fb/thing/x')).toMatchObject({ params: { orgName: 'a/b', name: 'x' } });
    expect(plain.match('/api/v1/org/a/thing/x/')).toBe(false);
    const form = describe_(Fixture, 'form');
    expect(form).toMatchObject({
      method: 'POST',
      template: '/api/v1/org/:orgName/thing',
      status: 201,
      readsForm: true,
    });
  });

  it.each([
    ['guarded', /guard/],
    ['intercepted', /interceptor/],
    ['piped', /pipe/],
    ['numbered', /pipe on argument 0/],
    ['queried', /argument 0 \(QUERY\)/],
    ['open', /@Public\(\)/],
    ['headed', /__headers__/],
    ['formWithoutInterceptor', /@Form\(\) without MultipartInterceptor/],
  ])('refuses %s: something the fast path would skip', (method, reason) => {
    expect(() => describe_(Fixture, method)).toThrow(HotRouteRefused);
    expect(() => describe_(Fixture, method)).toThrow(reason);
  });

  it('refuses a guard on the controller class', () => {
    expect(() => describe_(GuardedFixture, 'get')).toThrow(/GuardedFixture.get: a guard/);
  });

  it('accepts the real hot handlers as they are (a guard or interceptor added to one fails here)', () => {
    const controllers = [SecretsV1Controller, SecretsV2Controller].map((c) => Object.create(c.prototype) as object);
    const table = hotRoutesOf(controllers).map((r) => `${r.method} ${r.template}`);
    expect(table.sort()).toEqual([
      'GET /api/v1/org/:orgName/secret/:secretName',
      'GET /api/v2/org/:orgName/secret/:secretName',
      'POST /api/v1/org/:orgName/secret',
      'POST /api/v1/org/:orgName/secret/:secretName/data',
    ]);
  });
});
