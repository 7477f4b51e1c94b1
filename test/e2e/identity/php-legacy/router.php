<?php
// A PHP CS tool's login as most are written: an opaque PHPSESSID, regenerated at login, a failed
// login redirected back to the login page, and a readable cs_operator cookie that anyone can forge.
session_start();
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$method = $_SERVER['REQUEST_METHOD'];
header('Content-Type: application/json; charset=utf-8');

if ($method === 'POST' && ($path === '/login' || $path === '/api/login')) {
    $json = $path === '/api/login';
    $in = $json ? json_decode(file_get_contents('php://input'), true) : $_POST;
    $login = $in['login_id'] ?? '';
    if ($login === '' || ($in['password'] ?? '') !== 'secret') {
        if ($json) { http_response_code(401); echo json_encode(['result' => 'NG']); exit; }
        header('Location: /login?error=1', true, 302);
        exit;
    }
    session_regenerate_id(true);
    $_SESSION['login_id'] = $login;
    setcookie('cs_operator', $login);
    if ($json) { echo json_encode(['result' => 'OK']); exit; }
    header('Location: /inquiries', true, 302);
    exit;
}
if ($path === '/api/me') {
    if (!isset($_SESSION['login_id'])) { http_response_code(401); echo json_encode(['result' => 'NG']); exit; }
    echo json_encode(['result' => 'OK', 'data' => ['login_id' => $_SESSION['login_id']]]);
    exit;
}
if (preg_match('#^/api/inquiries/(\d+)$#', $path, $m)) {
    if (!isset($_SESSION['login_id'])) { http_response_code(401); echo json_encode(['result' => 'NG']); exit; }
    echo json_encode(['result' => 'OK', 'data' => ['inquiry_id' => $m[1], 'viewer' => $_SESSION['login_id']]]);
    exit;
}
http_response_code(404);
echo json_encode(['result' => 'NG']);
