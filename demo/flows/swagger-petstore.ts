import type { Page, Route } from '@playwright/test';

/** Host of the invented API; the .test top-level domain never resolves. */
const API_ORIGIN = 'https://petstore.example.test';

const PETS = [
  {
    id: 3,
    name: 'Marmalade',
    species: 'cat',
    birthDate: '2019-08-14',
    tags: ['indoor'],
    status: 'available',
  },
  {
    id: 7,
    name: 'Biscuit',
    species: 'dog',
    birthDate: '2021-04-09',
    tags: ['calm', 'house-trained'],
    status: 'reserved',
  },
  {
    id: 12,
    name: 'Clover',
    species: 'rabbit',
    birthDate: '2022-02-27',
    tags: [],
    status: 'available',
  },
];

// The page is served from 127.0.0.1, so the API responses need CORS headers.
const CORS_HEADERS = { 'access-control-allow-origin': '*' };

async function answerApi(route: Route, baseURL: string): Promise<void> {
  const url = new URL(route.request().url());
  if (url.pathname === '/v1/openapi.json') {
    // The static server serves the same document the demo build copied next to Swagger UI.
    const response = await route.fetch({ url: new URL('openapi.json', baseURL).href });
    await route.fulfill({ response, headers: { ...response.headers(), ...CORS_HEADERS } });
    return;
  }
  if (url.pathname === '/v1/pets') {
    const species = url.searchParams.get('species');
    await route.fulfill({
      json: PETS.filter((pet) => !species || pet.species === species),
      headers: CORS_HEADERS,
    });
    return;
  }
  const match = /^\/v1\/pets\/(\d+)$/.exec(url.pathname);
  const pet = match ? PETS.find((candidate) => candidate.id === Number(match[1])) : undefined;
  if (pet) {
    await route.fulfill({ json: pet, headers: CORS_HEADERS });
    return;
  }
  await route.fulfill({
    status: 404,
    json: { code: 'pet_not_found', message: `No pet at ${url.pathname}` },
    headers: CORS_HEADERS,
  });
}

/**
 * Opens "Find a pet by id" in Swagger UI, fills the path parameter, executes the call and
 * waits for the response, then lists the cats. The flow fulfills the invented API's requests itself,
 * so the recording keeps both the OpenAPI document and the calls.
 */
export default async function flow(page: Page, baseURL: string): Promise<void> {
  await page.route(`${API_ORIGIN}/**`, (route) => answerApi(route, baseURL));
  await page.goto(baseURL);

  const getPet = page.locator('#operations-pets-getPet');
  await getPet.waitFor();
  await page.waitForTimeout(800);
  await getPet.locator('.opblock-summary').first().click();
  await page.waitForTimeout(500);
  await getPet.getByRole('button', { name: 'Try it out' }).click();
  await page.waitForTimeout(400);
  const petId = getPet.locator('input[placeholder="petId"]');
  await petId.click();
  await petId.pressSequentially('7', { delay: 60 });
  await page.waitForTimeout(300);
  await getPet.getByRole('button', { name: 'Execute' }).click();
  await getPet.locator('.live-responses-table .response-col_status').first().waitFor();
  await page.waitForTimeout(900);

  const listPets = page.locator('#operations-pets-listPets');
  await listPets.locator('.opblock-summary').first().click();
  await page.waitForTimeout(500);
  await listPets.getByRole('button', { name: 'Try it out' }).click();
  await page.waitForTimeout(300);
  await listPets.locator('select').first().selectOption('cat');
  await page.waitForTimeout(300);
  await listPets.getByRole('button', { name: 'Execute' }).click();
  await listPets.locator('.live-responses-table .response-col_status').first().waitFor();
  await page.waitForTimeout(900);
}
